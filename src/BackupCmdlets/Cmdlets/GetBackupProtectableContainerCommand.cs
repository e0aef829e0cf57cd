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
        public string BackupManagementType { get; set; } = "AzureWorkload";

        protected override void Process()
        {
            var type = Inputs.OneOf(BackupManagementType, Inputs.BackupManagementTypes, nameof(BackupManagementType));
            foreach (var name in FriendlyName ?? new string[0]) Inputs.Name(name, nameof(FriendlyName), wildcardsAllowed: true);
            var context = Context;
            Stream(Client.ListProtectableContainersAsync(context.VaultId, type), c => Wildcard.AnyMatch(FriendlyName, c.FriendlyName, c.Name));
        }
    }
}
