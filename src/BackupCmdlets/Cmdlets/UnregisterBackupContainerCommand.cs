using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>
    /// Unregister-BackupContainer: removes a registered VM or storage account from the vault. The service refuses while the
    /// container still holds backup data (protected, stopped or soft-deleted items); its error says which items.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Unregister, "BackupContainer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(BackupOperation))]
    public sealed class UnregisterBackupContainerCommand : AsyncOperationCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public ProtectionContainer InputObject { get; set; }

        protected override void Process()
        {
            var container = InputObject;
            ForItem(container, "UnregisterFailed", () =>
            {
                RequireConnectedVault(container, nameof(InputObject));
                if (!ShouldProcess($"{container.FriendlyName} ({container.Name})", $"Unregister from vault '{Context.VaultName}'")) return;
                Start(container, "UnregisterFailed", (client, ct) => client.UnregisterContainerAsync(container, ct));
            });
        }
    }
}
