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
        [ArgumentCompleter(typeof(ProtectedItemNameCompleter))]
        public string[] FriendlyName { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ServerNameCompleter))]
        public string[] ServerName { get; set; }

        [Parameter]
        [ValidateSet("AzureWorkload", "AzureIaasVM", "AzureStorage", IgnoreCase = true)]
        public string BackupManagementType { get; set; }

        [Parameter]
        [ValidateSet("SQLDataBase", "SAPHanaDatabase", "VM", "AzureFileShare", IgnoreCase = true)]
        public string WorkloadType { get; set; }

        protected override void Process()
        {
            var workload = Inputs.OneOf(WorkloadType, Inputs.WorkloadTypes, nameof(WorkloadType));
            // Without -BackupManagementType, the workload says which (VM: AzureIaasVM, AzureFileShare: AzureStorage); else databases.
            var type = Inputs.OneOf(BackupManagementType, Inputs.BackupManagementTypes, nameof(BackupManagementType)) ?? Inputs.ManagementTypeOf(workload) ?? "AzureWorkload";
            foreach (var n in FriendlyName ?? new string[0]) Inputs.Name(n, nameof(FriendlyName), wildcardsAllowed: true);
            foreach (var n in ServerName ?? new string[0]) Inputs.Name(n, nameof(ServerName), wildcardsAllowed: true);
            var context = Context;
            Stream(Client.ListProtectedItemsAsync(context.VaultId, type, workload), item =>
                Wildcard.AnyMatch(FriendlyName, item.FriendlyName, item.Name)
                && Wildcard.AnyMatch(ServerName, ServerNames.Of(item.ServerName, item.ContainerName)));
        }
    }
}
