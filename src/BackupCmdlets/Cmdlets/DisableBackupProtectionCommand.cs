using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>
    /// Disable-BackupProtection: stops protecting items. Their recovery points stay (protection stopped, resumable with
    /// Enable-BackupProtection), or with -RemoveRecoveryPoints the backup data is deleted (soft delete keeps it for the vault's period).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Disable, "BackupProtection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(BackupOperation), typeof(ProtectedItem))]
    public sealed class DisableBackupProtectionCommand : AsyncOperationCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public ProtectedItem InputObject { get; set; }

        /// <summary>Delete the item's backup data too, instead of keeping its recovery points.</summary>
        [Parameter]
        public SwitchParameter RemoveRecoveryPoints { get; set; }

        protected override void Process()
        {
            var item = InputObject;
            ForItem(item, "DisableProtectionFailed", () =>
            {
                RequireConnectedVault(item, nameof(InputObject));
                var points = item.RecoveryPointCount.HasValue ? $"{item.RecoveryPointCount} recovery point(s)" : "its recovery points";
                var action = RemoveRecoveryPoints.IsPresent
                    ? $"Stop protection and DELETE {points} (soft delete, when on, keeps them for the vault's retention period)"
                    : $"Stop protection and keep {points}";
                if (!ShouldProcess($"{item.FriendlyName} on {item.HostName} ({item.Name})", action)) return;
                var remove = RemoveRecoveryPoints.IsPresent;
                Start(item, "DisableProtectionFailed", (client, ct) => remove ? client.DeleteBackupDataAsync(item, ct) : client.StopProtectionAsync(item, ct));
            });
        }
    }
}
