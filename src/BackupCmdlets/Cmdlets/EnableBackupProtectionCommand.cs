using System;
using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Client.Ids;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>Enable-BackupProtection: protects databases with a policy of the same vault, or resumes protection of stopped items.</summary>
    [Cmdlet(VerbsLifecycle.Enable, "BackupProtection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByPolicy)]
    [OutputType(typeof(BackupOperation), typeof(ProtectedItem))]
    public sealed class EnableBackupProtectionCommand : AsyncOperationCmdlet
    {
        const string ByPolicy = "ByPolicy";
        const string ByPolicyName = "ByPolicyName";
        // Both kinds of item in every set, told apart by type: resume sets of their own would make a policy parameter
        // name two sets, and input of the wrong type (a job) an ambiguous-set error instead of "cannot be bound".
        [Parameter(ValueFromPipeline = true)]
        public ProtectableItem InputObject { get; set; }

        /// <summary>A protected item whose protection was stopped (Disable-BackupProtection): protection resumes with the policy.</summary>
        [Parameter(ValueFromPipeline = true)]
        public ProtectedItem Item { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByPolicy)]
        public BackupPolicy Policy { get; set; }

        /// <summary>A policy of the connected vault, by name; also at position 0 (Enable-BackupProtection HourlyLogBackup).</summary>
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
            if (InputObject == null && Item == null)
                ThrowTerminatingError(new ArgumentException("Pipe in (or pass with -InputObject) a protectable item to protect, or with -Item a stopped protected item to resume.", nameof(InputObject)),
                    "NoItem", System.Management.Automation.ErrorCategory.InvalidArgument, null);
            if (InputObject != null && Item != null)
                ThrowTerminatingError(new ArgumentException("Give -InputObject (an item to protect) or -Item (a stopped item to resume), not both.", nameof(Item)),
                    "InputObjectAndItem", System.Management.Automation.ErrorCategory.InvalidArgument, null);
            var chosen = PolicyName != null ? byName.Get(this, PolicyName, nameof(PolicyName)) : Policy;
            if (Item != null)
            {
                Resume(Item, chosen);
                return;
            }
            var item = InputObject;
            ForItem(item, "EnableProtectionFailed", () =>
            {
                RequireConnectedVault(item, nameof(InputObject));
                if (!ShouldProcess($"{item.FriendlyName} on {item.ServerName} ({item.Name})", $"Protect with policy '{chosen.Name}'")) return;
                Start(item, "EnableProtectionFailed", (client, ct) => client.EnableProtectionAsync(item, chosen, ct));
            });
        }

        void Resume(ProtectedItem item, BackupPolicy chosen) => ForItem(item, "ResumeProtectionFailed", () =>
        {
            RequireConnectedVault(item, nameof(Item));
            // Only a stopped item resumes; a protected one changes policy with Set-BackupProtection, a deleted one is undeleted first.
            if (!item.IsProtectionStopped && !item.IsScheduledForDeferredDelete)
                throw new InvalidOperationException($"'{item.FriendlyName}' is already protected ({item.ProtectionState}, policy '{item.PolicyName}'). To change its policy use Set-BackupProtection.");
            if (!ShouldProcess($"{item.FriendlyName} on {item.HostName} ({item.Name})", $"Resume protection with policy '{chosen.Name}'")) return;
            Start(item, "ResumeProtectionFailed", (client, ct) => client.ModifyProtectionAsync(item, chosen, ct));
        });
    }
}
