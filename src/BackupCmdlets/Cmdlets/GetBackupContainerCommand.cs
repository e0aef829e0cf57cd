using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Client.Ids;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>Get-BackupContainer: containers registered with the vault.</summary>
    [Cmdlet(VerbsCommon.Get, "BackupContainer", DefaultParameterSetName = List)]
    [OutputType(typeof(ProtectionContainer))]
    public sealed class GetBackupContainerCommand : BackupCmdletBase
    {
        const string List = "List";
        const string ByName = "ByName";

        /// <summary>VM names to keep; wildcards allowed.</summary>
        [Parameter(Position = 0, ParameterSetName = List)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ContainerFriendlyNameCompleter))]
        public string[] FriendlyName { get; set; }

        /// <summary>The container's full name as the service gives it (VMAppContainer;Compute;rg;vm).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
        [Alias("ContainerName")]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string Name { get; set; }

        [Parameter(ParameterSetName = List)]
        [ValidateSet("AzureWorkload", "AzureIaasVM", "AzureStorage", IgnoreCase = true)]
        public string BackupManagementType { get; set; }

        protected override void Process()
        {
            var context = Context;
            if (Name != null)
            {
                var name = Inputs.PathName(Name, ArmNameKind.Container, nameof(Name));
                ForItem(name, "GetContainerFailed", () => WriteObject(Run((client, ct) => client.GetContainerAsync(context.VaultId, name, cancellationToken: ct))));
                return;
            }
            var type = Inputs.OneOf(BackupManagementType, Inputs.BackupManagementTypes, nameof(BackupManagementType));
            foreach (var n in FriendlyName ?? new string[0]) Inputs.Name(n, nameof(FriendlyName), wildcardsAllowed: true);
            var names = new NameMisses(nameof(FriendlyName), FriendlyName);
            // Without -BackupManagementType, every type: VMs with databases, VMs themselves, storage accounts.
            foreach (var t in type != null ? new[] { type } : Inputs.BackupManagementTypes)
                Stream(Client.ListContainersAsync(context.VaultId, t), c =>
                {
                    var keep = Wildcard.AnyMatch(FriendlyName, c.FriendlyName, c.Name);
                    if (keep) names.Saw(c.FriendlyName, c.Name);
                    return keep;
                });
            names.Report(this, "ContainerNotFound", n =>
                $"No container named '{n}'{Scope.Of(("type", type))} is registered with vault '{context.VaultName}'. Run Get-BackupContainer to see the registered ones, or Get-BackupProtectableContainer for those discovered and not registered yet.");
        }
    }
}
