using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Infrastructure;

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
        public string BackupManagementType { get; set; } = "AzureWorkload";

        protected override void Process()
        {
            var context = Context;
            if (Name != null)
            {
                var name = Inputs.Name(Name, nameof(Name));
                ForItem(name, "GetContainerFailed", () => WriteObject(Run((client, ct) => client.GetContainerAsync(context.VaultId, name, cancellationToken: ct))));
                return;
            }
            var type = Inputs.OneOf(BackupManagementType, Inputs.BackupManagementTypes, nameof(BackupManagementType));
            Stream(Client.ListContainersAsync(context.VaultId, type), c => Wildcard.AnyMatch(FriendlyName, c.FriendlyName, c.Name));
        }
    }
}
