using System;
using System.Management.Automation;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>Set-BackupProtection: moves protected items to another policy of the same vault.</summary>
    [Cmdlet(VerbsCommon.Set, "BackupProtection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByPolicy)]
    [OutputType(typeof(BackupOperation), typeof(ProtectedItem))]
    public sealed class SetBackupProtectionCommand : AsyncOperationCmdlet
    {
        const string ByPolicy = "ByPolicy";
        const string ByPolicyName = "ByPolicyName";

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public ProtectedItem InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByPolicy)]
        public BackupPolicy Policy { get; set; }

        /// <summary>A policy of the connected vault, by name.</summary>
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
            var chosen = PolicyName != null ? byName.Get(this, PolicyName, nameof(PolicyName)) : Policy;
            var item = InputObject;
            ForItem(item, "SetProtectionFailed", () =>
            {
                RequireConnectedVault(item, nameof(InputObject));
                // A stopped item would be resumed by the change: that is Enable-BackupProtection's job, said so.
                if (item.IsProtectionStopped && !item.IsScheduledForDeferredDelete)
                    throw new InvalidOperationException($"Protection of '{item.FriendlyName}' is stopped. Resume it with a policy: Enable-BackupProtection -Policy.");
                if (!ShouldProcess($"{item.FriendlyName} on {item.HostName} ({item.Name})", $"Change policy from '{item.PolicyName}' to '{chosen.Name}'")) return;
                Start(item, "SetProtectionFailed", (client, ct) => client.ModifyProtectionAsync(item, chosen, ct));
            });
        }
    }
}
