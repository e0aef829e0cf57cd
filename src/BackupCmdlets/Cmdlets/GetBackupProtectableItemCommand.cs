using System.Linq;
using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>Get-BackupProtectableItem: databases and file shares an inquiry found, and VMs a refresh found, streamed as pages arrive.</summary>
    [Cmdlet(VerbsCommon.Get, "BackupProtectableItem")]
    [OutputType(typeof(ProtectableItem))]
    public sealed class GetBackupProtectableItemCommand : BackupCmdletBase
    {
        /// <summary>SQLDataBase, Microsoft.Compute/virtualMachines, AzureFileShare, ... (default: all types).</summary>
        [Parameter(Position = 0)]
        [ValidateSet("SQLDataBase", "SQLInstance", "SQLAvailabilityGroupContainer", "SAPHanaDatabase", "SAPHanaSystem", "Microsoft.Compute/virtualMachines", "AzureFileShare", IgnoreCase = true)]
        public string ProtectableItemType { get; set; }

        /// <summary>Server (VM) names to keep, matched against the server's name, its short name and the VM of the container; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ServerNameCompleter))]
        public string[] ServerName { get; set; }

        /// <summary>Database names to keep; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [Alias("Name")]
        [ArgumentCompleter(typeof(ProtectableItemNameCompleter))]
        public string[] FriendlyName { get; set; }

        /// <summary>Only items of this container (binds from Get-BackupContainer or an inquiry's result).</summary>
        [Parameter(ValueFromPipeline = true)]
        public ProtectionContainer Container { get; set; }

        [Parameter]
        [ValidateSet("AzureWorkload", "AzureIaasVM", "AzureStorage", IgnoreCase = true)]
        public string BackupManagementType { get; set; }

        [Parameter]
        [ValidateSet("SQLDataBase", "SAPHanaDatabase", "VM", "AzureFileShare", IgnoreCase = true)]
        public string WorkloadType { get; set; }

        protected override void Process()
        {
            var itemType = Inputs.OneOf(ProtectableItemType, Inputs.ProtectableItemTypes, nameof(ProtectableItemType));
            var workload = Inputs.OneOf(WorkloadType, Inputs.WorkloadTypes, nameof(WorkloadType));
            // Without -BackupManagementType: the piped container's, else the workload's, else databases in VMs.
            var type = Inputs.OneOf(BackupManagementType, Inputs.BackupManagementTypes, nameof(BackupManagementType))
                ?? Container?.BackupManagementType ?? Inputs.ManagementTypeOf(workload) ?? "AzureWorkload";
            foreach (var n in (ServerName ?? new string[0]).Concat(FriendlyName ?? new string[0])) Inputs.Name(n, nameof(ServerName), wildcardsAllowed: true);
            var context = Context;
            Stream(Client.ListProtectableItemsAsync(context.VaultId, type, workload), item =>
                (itemType == null || string.Equals(item.ProtectableItemType, itemType, System.StringComparison.OrdinalIgnoreCase))
                && (Container == null || string.Equals(item.ContainerName, Container.Name, System.StringComparison.OrdinalIgnoreCase))
                && Wildcard.AnyMatch(FriendlyName, item.FriendlyName, item.Name)
                && Wildcard.AnyMatch(ServerName, ServerNames.Of(item.ServerName, item.ContainerName)));
        }
    }

    /// <summary>The names a user may call a server by: as reported, its host part, and the VM in the container name.</summary>
    internal static class ServerNames
    {
        public static string[] Of(string serverName, string containerName) => new[]
        {
            serverName,
            serverName?.Split('.')[0],
            containerName?.Split(';').LastOrDefault(),
        };
    }
}
