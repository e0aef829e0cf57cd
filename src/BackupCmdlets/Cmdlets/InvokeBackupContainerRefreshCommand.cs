using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>Invoke-BackupContainerRefresh: the vault discovers the subscription's VMs (or storage accounts) anew.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "BackupContainerRefresh", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(BackupOperation))]
    public sealed class InvokeBackupContainerRefreshCommand : AsyncOperationCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateSet("AzureWorkload", "AzureIaasVM", "AzureStorage", IgnoreCase = true)]
        public string BackupManagementType { get; set; } = "AzureWorkload";

        protected override void Process()
        {
            var type = Inputs.OneOf(BackupManagementType, Inputs.BackupManagementTypes, nameof(BackupManagementType));
            var context = Context;
            if (!ShouldProcess($"vault '{context.VaultName}'", $"Refresh {type} containers")) return;
            ForItem(context.VaultId, "RefreshFailed", () => Start(context.VaultId, "RefreshFailed", (client, ct) => client.RefreshContainersAsync(context.VaultId, type, cancellationToken: ct)));
        }
    }
}
