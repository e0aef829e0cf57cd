using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>Get-BackupProtectedItem: what the vault protects, with its protection state and last backup.</summary>
    [Cmdlet(VerbsCommon.Get, "BackupProtectedItem")]
    [OutputType(typeof(ProtectedItem))]
    public sealed class GetBackupProtectedItemCommand : BackupCmdletBase
    {
        /// <summary>Item (database) names to keep; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [Alias("Name")]
        public string[] FriendlyName { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[] ServerName { get; set; }

        [Parameter]
        [ValidateSet("AzureWorkload", "AzureIaasVM", "AzureStorage", IgnoreCase = true)]
        public string BackupManagementType { get; set; } = "AzureWorkload";

        [Parameter]
        [ValidateSet("SQLDataBase", "SAPHanaDatabase", IgnoreCase = true)]
        public string WorkloadType { get; set; }

        protected override void Process()
        {
            var type = Inputs.OneOf(BackupManagementType, Inputs.BackupManagementTypes, nameof(BackupManagementType));
            var workload = Inputs.OneOf(WorkloadType, Inputs.ContainerWorkloadTypes, nameof(WorkloadType));
            foreach (var n in FriendlyName ?? new string[0]) Inputs.Name(n, nameof(FriendlyName), wildcardsAllowed: true);
            foreach (var n in ServerName ?? new string[0]) Inputs.Name(n, nameof(ServerName), wildcardsAllowed: true);
            var context = Context;
            Stream(Client.ListProtectedItemsAsync(context.VaultId, type, workload), item =>
                Wildcard.AnyMatch(FriendlyName, item.FriendlyName, item.Name)
                && Wildcard.AnyMatch(ServerName, ServerNames.Of(item.ServerName, item.ContainerName)));
        }
    }
}
