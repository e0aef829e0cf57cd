using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Client.Ids;

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
            // -Name $null (or @()) would otherwise read as no filter and list every policy.
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Name)) && (Name == null || Name.Length == 0 || System.Array.Exists(Name, n => n == null)))
                throw new System.ArgumentException("-Name must not be empty: give a policy name, or leave -Name out to list every policy.", nameof(Name));
            var names = Name ?? new string[0];
            foreach (var n in names) Inputs.NameOrPattern(n, ArmNameKind.Policy, nameof(Name));
            var exact = names.Length > 0 && System.Array.TrueForAll(names, n => !Wildcard.HasWildcards(n));
            if (exact)
            {
                foreach (var n in names)
                    ForItem(n.Trim(), "GetPolicyFailed", () =>
                    {
                        var policy = Run((client, ct) => client.GetPolicyAsync(context.VaultId, n.Trim(), ct));
                        if (type == null || string.Equals(policy.BackupManagementType, type, System.StringComparison.OrdinalIgnoreCase)) WriteObject(policy);
                        else WriteError(new NotFoundException($"Policy '{policy.Name}' of vault '{context.VaultName}' is for {policy.BackupManagementType} items, not {type}. Run Get-BackupPolicy -BackupManagementType {type} to see the {type} policies."),
                            "PolicyNotFound", ErrorCategory.ObjectNotFound, n.Trim());
                    });
                return;
            }
            var misses = new NameMisses(nameof(Name), names);
            Stream(Client.ListPoliciesAsync(context.VaultId, type), p =>
            {
                var keep = Wildcard.AnyMatch(names, p.Name);
                if (keep) misses.Saw(p.Name);
                return keep;
            });
            misses.Report(this, "PolicyNotFound", n =>
                $"No policy named '{n}'{Scope.Of(("type", type))} in vault '{context.VaultName}'. Run Get-BackupPolicy to see the names it has.");
        }
    }
}
