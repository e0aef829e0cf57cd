using System;
using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Client.Ids;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>Enable-BackupProtection: protects databases with a policy of the same vault.</summary>
    [Cmdlet(VerbsLifecycle.Enable, "BackupProtection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByPolicy)]
    [OutputType(typeof(BackupOperation), typeof(ProtectedItem))]
    public sealed class EnableBackupProtectionCommand : AsyncOperationCmdlet
    {
        const string ByPolicy = "ByPolicy";
        const string ByPolicyName = "ByPolicyName";

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public ProtectableItem InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByPolicy)]
        public BackupPolicy Policy { get; set; }

        /// <summary>A policy of the connected vault, by name; also at position 0 (Enable-BackupProtection HourlyLogBackup).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByPolicyName)]
        [ArgumentCompleter(typeof(PolicyNameCompleter))]
        public string PolicyName { get; set; }

        BackupPolicy policy;

        protected override void Begin()
        {
            RequireConnectedVault(Policy, nameof(Policy));
            if (PolicyName != null) Inputs.PathName(PolicyName, ArmNameKind.Policy, nameof(PolicyName));
        }

        // Fetched with the first item that binds, not in Begin: input PowerShell refuses (a job piped in) sends no request.
        BackupPolicy PolicyByName()
        {
            if (policy != null) return policy;
            var name = Inputs.PathName(PolicyName, ArmNameKind.Policy, nameof(PolicyName));
            var vault = Context.VaultId;
            try { policy = Run((client, ct) => client.GetPolicyAsync(vault, name, ct)); }
            catch (Client.BackupException e) { ThrowTerminatingError(e, ErrorRecords.IdOf(e, "PolicyNotFound"), ErrorRecords.CategoryOf(e), PolicyName); }
            return policy;
        }

        protected override void Process()
        {
            var chosen = PolicyName != null ? PolicyByName() : Policy;
            var item = InputObject;
            ForItem(item, "EnableProtectionFailed", () =>
            {
                RequireConnectedVault(item, nameof(InputObject));
                if (!ShouldProcess($"{item.FriendlyName} on {item.ServerName} ({item.Name})", $"Protect with policy '{chosen.Name}'")) return;
                Emit(Run((client, ct) => client.EnableProtectionAsync(item, chosen, ct)));
            });
        }
    }
}
