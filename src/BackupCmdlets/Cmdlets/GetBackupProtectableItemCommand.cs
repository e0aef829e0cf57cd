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

        NameMisses names, servers;
        readonly System.Collections.Generic.List<string> containers = new System.Collections.Generic.List<string>();

        protected override void Begin()
        {
            names = new NameMisses(nameof(FriendlyName), FriendlyName);
            servers = new NameMisses(nameof(ServerName), ServerName);
        }

        // An exact name is missing only when no piped container had it: reported once, at the end.
        protected override void End()
        {
            var context = Context;
            var where = containers.Count == 0 ? $"vault '{context.VaultName}'"
                : containers.Count == 1 ? $"container '{containers[0]}' of vault '{context.VaultName}'"
                : $"the {containers.Count} containers given of vault '{context.VaultName}'";
            var type = BackupManagementType ?? (containers.Count == 0 ? Inputs.ManagementTypeOf(WorkloadType) : null);
            var itemType = ProtectableItemType;
            var workload = WorkloadType;
            var scope = Scope.Of(("type", itemType ?? type), ("workload", workload), ("server", Scope.List(ServerName)));
            names.Report(this, "ProtectableItemNotFound", n =>
                $"No protectable item named '{n}'{scope} in {where}. Run Get-BackupProtectableItem to see what the vault found; a database or file share appears after Invoke-BackupContainerInquiry, a VM after Invoke-BackupContainerRefresh, and a protected one is listed by Get-BackupProtectedItem instead.");
            var itemScope = Scope.Of(("type", itemType ?? type), ("workload", workload), ("item", Scope.List(FriendlyName)));
            servers.Report(this, "ProtectableItemNotFound", n =>
                $"No protectable item on server '{n}'{itemScope} in {where}. Run Get-BackupProtectableItem to see the servers it lists; a server's databases appear after Register-BackupContainer and Invoke-BackupContainerInquiry.");
        }

        protected override void Process()
        {
            var itemType = Inputs.OneOf(ProtectableItemType, Inputs.ProtectableItemTypes, nameof(ProtectableItemType));
            var workload = Inputs.OneOf(WorkloadType, Inputs.WorkloadTypes, nameof(WorkloadType));
            // Without -BackupManagementType: the piped container's, else the workload's or item type's, else every type.
            var type = Inputs.OneOf(BackupManagementType, Inputs.BackupManagementTypes, nameof(BackupManagementType))
                ?? Container?.BackupManagementType ?? Inputs.ManagementTypeOf(workload) ?? Inputs.ManagementTypeOfItemType(itemType);
            foreach (var n in ServerName ?? new string[0]) Inputs.Name(n, nameof(ServerName), wildcardsAllowed: true);
            foreach (var n in FriendlyName ?? new string[0]) Inputs.Name(n, nameof(FriendlyName), wildcardsAllowed: true);
            var context = Context;
            if (Container != null) containers.Add(Container.FriendlyName ?? Container.Name);
            foreach (var t in type != null ? new[] { type } : Inputs.BackupManagementTypes)
                Stream(Client.ListProtectableItemsAsync(context.VaultId, t, workload), item =>
                {
                    var keep = (itemType == null || string.Equals(item.ProtectableItemType, itemType, System.StringComparison.OrdinalIgnoreCase))
                        && (Container == null || string.Equals(item.ContainerName, Container.Name, System.StringComparison.OrdinalIgnoreCase))
                        && Wildcard.AnyMatch(FriendlyName, item.FriendlyName, item.Name)
                        && Wildcard.AnyMatch(ServerName, ServerNames.Of(item.ServerName, item.ContainerName));
                    if (keep)
                    {
                        names.Saw(item.FriendlyName, item.Name);
                        servers.Saw(ServerNames.Of(item.ServerName, item.ContainerName));
                    }
                    return keep;
                });
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
