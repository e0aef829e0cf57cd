using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>Get-BackupPolicy: the vault's backup policies; an exact -Name is fetched directly.</summary>
    [Cmdlet(VerbsCommon.Get, "BackupPolicy")]
    [OutputType(typeof(BackupPolicy))]
    public sealed class GetBackupPolicyCommand : BackupCmdletBase
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [Alias("PolicyName")]
        [ArgumentCompleter(typeof(PolicyNameCompleter))]
        public string[] Name { get; set; }

        [Parameter]
        [ValidateSet("AzureWorkload", "AzureIaasVM", "AzureStorage", IgnoreCase = true)]
        public string BackupManagementType { get; set; }

        protected override void Process()
        {
            var type = Inputs.OneOf(BackupManagementType, Inputs.BackupManagementTypes, nameof(BackupManagementType));
            var context = Context;
            var names = Name ?? new string[0];
            foreach (var n in names) Inputs.Name(n, nameof(Name), wildcardsAllowed: true);
            var exact = names.Length > 0 && System.Array.TrueForAll(names, n => !Wildcard.HasWildcards(n));
            if (exact)
            {
                foreach (var n in names)
                    ForItem(n, "GetPolicyFailed", () =>
                    {
                        var policy = Run((client, ct) => client.GetPolicyAsync(context.VaultId, n.Trim(), ct));
                        if (type == null || string.Equals(policy.BackupManagementType, type, System.StringComparison.OrdinalIgnoreCase)) WriteObject(policy);
                    });
                return;
            }
            Stream(Client.ListPoliciesAsync(context.VaultId, type), p => Wildcard.AnyMatch(names, p.Name));
        }
    }
}
