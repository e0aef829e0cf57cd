using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>Undo-BackupItemDeletion: brings back soft-deleted items, protection stopped and recovery points kept.</summary>
    [Cmdlet(VerbsCommon.Undo, "BackupItemDeletion", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(BackupOperation), typeof(ProtectedItem))]
    public sealed class UndoBackupItemDeletionCommand : AsyncOperationCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public ProtectedItem InputObject { get; set; }

        protected override void Process()
        {
            var item = InputObject;
            ForItem(item, "UndeleteFailed", () =>
            {
                RequireConnectedVault(item, nameof(InputObject));
                if (!ShouldProcess($"{item.FriendlyName} on {item.HostName} ({item.Name})", "Undelete (protection stays stopped)")) return;
                Start(item, "UndeleteFailed", (client, ct) => client.UndeleteProtectedItemAsync(item, ct));
            });
        }
    }
}
