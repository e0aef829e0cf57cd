using System.Management.Automation;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>
    /// Enable-BackupAutoProtection: protects every database of a SQL instance or an availability group, the ones
    /// there now and the ones an inquiry finds later, with a policy of the same vault. Synchronous: the service
    /// answers the intent's PUT with the intent itself.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Enable, "BackupAutoProtection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByPolicy)]
    [OutputType(typeof(ProtectionIntent))]
    public sealed class EnableBackupAutoProtectionCommand : BackupCmdletBase
    {
        const string ByPolicy = "ByPolicy";
        const string ByPolicyName = "ByPolicyName";

        /// <summary>A SQLInstance or SQLAvailabilityGroupContainer protectable item (from Get-BackupProtectableItem).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public ProtectableItem InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByPolicy)]
        public BackupPolicy Policy { get; set; }

        /// <summary>An AzureWorkload policy of the connected vault, by name; also at position 0.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByPolicyName)]
        [ArgumentCompleter(typeof(PolicyNameCompleter))]
        public string PolicyName { get; set; }

        readonly PolicyByName byName = new PolicyByName();

        protected override void Begin()
        {
            RequireConnectedVault(Policy, nameof(Policy));
            if (PolicyName != null) Inputs.PathName(PolicyName, ArmNameKind.Policy, nameof(PolicyName));
        }


        protected override void Process()
        {
            var item = InputObject;
            var context = Context;
            ForItem(item, "EnableAutoProtectionFailed", () =>
            {
                RequireConnectedVault(item, nameof(InputObject));
                if (!BackupCmdlets.Client.BackupClient.IsAutoProtectable(item))
                    throw new System.ArgumentException($"-InputObject: '{item.FriendlyName ?? item.Name}' is a {item.ProtectableItemType}; only a SQLInstance or a SQLAvailabilityGroupContainer can be auto-protected. Protect a single database with Enable-BackupProtection.", nameof(InputObject));
                var chosen = PolicyName != null ? byName.Get(this, PolicyName, nameof(PolicyName)) : Policy;
                var what = string.Equals(item.ProtectableItemType, "SQLInstance", System.StringComparison.OrdinalIgnoreCase) ? "instance" : "availability group";
                if (!ShouldProcess($"SQL {what} {item.FriendlyName} on {item.ServerName} ({item.Name}) in vault '{context.VaultName}'",
                        $"Auto-protect every database, present and future, with policy '{chosen.Name}'")) return;
                WriteObject(Run((client, ct) => client.EnableAutoProtectionAsync(item, chosen, ct)));
            });
        }
    }
}
