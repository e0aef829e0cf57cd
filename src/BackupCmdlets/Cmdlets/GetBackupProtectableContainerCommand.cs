using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>Get-BackupProtectableContainer: VMs a refresh discovered that are not registered yet.</summary>
    [Cmdlet(VerbsCommon.Get, "BackupProtectableContainer")]
    [OutputType(typeof(ProtectableContainer))]
    public sealed class GetBackupProtectableContainerCommand : BackupCmdletBase
    {
        /// <summary>VM names to keep; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [Alias("Name")]
        [ArgumentCompleter(typeof(ProtectableContainerNameCompleter))]
        public string[] FriendlyName { get; set; }

        [Parameter]
        [ValidateSet("AzureWorkload", "AzureIaasVM", "AzureStorage", IgnoreCase = true)]
        public string BackupManagementType { get; set; }

        /// <summary>The types that have protectable containers: VMs with databases, and storage accounts (a VM itself is a protectable item).</summary>
        static readonly string[] TypesWithContainers = { "AzureWorkload", "AzureStorage" };

        protected override void Process()
        {
            var type = Inputs.OneOf(BackupManagementType, Inputs.BackupManagementTypes, nameof(BackupManagementType));
            foreach (var name in FriendlyName ?? new string[0]) Inputs.Name(name, nameof(FriendlyName), wildcardsAllowed: true);
            var context = Context;
            var names = new NameMisses(nameof(FriendlyName), FriendlyName);
            foreach (var t in type != null ? new[] { type } : TypesWithContainers)
                Stream(Client.ListProtectableContainersAsync(context.VaultId, t), c =>
                {
                    var keep = Wildcard.AnyMatch(FriendlyName, c.FriendlyName, c.Name);
                    if (keep) names.Saw(c.FriendlyName, c.Name);
                    return keep;
                });
            names.Report(this, "ProtectableContainerNotFound", n =>
                $"No protectable container named '{n}'{Scope.Of(("type", type))} in vault '{context.VaultName}'. Run Invoke-BackupContainerRefresh -Wait, then Get-BackupProtectableContainer to see what was discovered; one already registered is listed by Get-BackupContainer -FriendlyName {n}.");
        }
    }
}
