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

        /// <summary>NotDeleted (default): items not deleted; ToBeDeleted: soft-deleted items the vault still keeps; All: both.</summary>
        [Parameter]
        [ValidateSet("NotDeleted", "ToBeDeleted", "All", IgnoreCase = true)]
        public string DeleteState { get; set; } = "NotDeleted";

        protected override void Process()
        {
            var workload = Inputs.OneOf(WorkloadType, Inputs.WorkloadTypes, nameof(WorkloadType));
            // Without -BackupManagementType, the workload says which (VM: AzureIaasVM, AzureFileShare: AzureStorage); else every type.
            var type = Inputs.OneOf(BackupManagementType, Inputs.BackupManagementTypes, nameof(BackupManagementType)) ?? Inputs.ManagementTypeOf(workload);
            foreach (var n in FriendlyName ?? new string[0]) Inputs.Name(n, nameof(FriendlyName), wildcardsAllowed: true);
            foreach (var n in ServerName ?? new string[0]) Inputs.Name(n, nameof(ServerName), wildcardsAllowed: true);
            var context = Context;
            var names = new NameMisses(nameof(FriendlyName), FriendlyName);
            var servers = new NameMisses(nameof(ServerName), ServerName);
            // Names that matched an item the delete state filtered out: the miss then says where that item is.
            var otherState = new NameMisses(nameof(FriendlyName), FriendlyName);
            foreach (var t in type != null ? new[] { type } : Inputs.BackupManagementTypes)
                Stream(Client.ListProtectedItemsAsync(context.VaultId, t, workload), item =>
                {
                    var keep = DeleteStates.Keeps(DeleteState, item)
                        && Wildcard.AnyMatch(FriendlyName, item.FriendlyName, item.Name)
                        && Wildcard.AnyMatch(ServerName, ServerNames.Of(item.ServerName, item.ContainerName));
                    if (keep)
                    {
                        names.Saw(item.FriendlyName, item.Name);
                        servers.Saw(ServerNames.Of(item.ServerName, item.ContainerName));
                    }
                    else if (Wildcard.AnyMatch(ServerName, ServerNames.Of(item.ServerName, item.ContainerName)))
                        otherState.Saw(item.FriendlyName, item.Name);
                    return keep;
                });
            var hidden = new System.Collections.Generic.HashSet<string>(FriendlyName ?? new string[0], System.StringComparer.OrdinalIgnoreCase);
            hidden.ExceptWith(otherState.Missing);
            var scope = Scope.Of(("type", type), ("workload", workload), ("server", Scope.List(ServerName)));
            names.Report(this, "ProtectedItemNotFound", n => !hidden.Contains(n)
                ? $"No protected item named '{n}'{scope} in vault '{context.VaultName}'. Run Get-BackupProtectedItem to see the names it protects, or Get-BackupProtectableItem for items not protected yet."
                : string.Equals(DeleteState, "NotDeleted", System.StringComparison.OrdinalIgnoreCase)
                    ? $"'{n}' is soft deleted in vault '{context.VaultName}': it is listed with -DeleteState ToBeDeleted (or All), and Undo-BackupItemDeletion brings it back."
                    : $"'{n}' is not deleted in vault '{context.VaultName}': it is listed without -DeleteState (or with -DeleteState All).");
            var itemScope = Scope.Of(("type", type), ("workload", workload), ("item", Scope.List(FriendlyName)));
            servers.Report(this, "ProtectedItemNotFound", n =>
                $"No protected item on server '{n}'{itemScope} in vault '{context.VaultName}'. Run Get-BackupProtectedItem to see the servers of its protected items.");
        }
    }
}

namespace BackupCmdlets.Cmdlets
{
    /// <summary>The spec has no delete-state filter: soft-deleted items come in the same list, marked isScheduledForDeferredDelete.</summary>
    internal static class DeleteStates
    {
        public static bool Keeps(string state, ProtectedItem item) =>
            string.Equals(state, "All", System.StringComparison.OrdinalIgnoreCase) || string.Equals(state, item.DeleteState, System.StringComparison.OrdinalIgnoreCase);
    }
}
