using System;
using System.Management.Automation;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>
    /// Start-BackupItem: starts an on-demand backup of a protected item. The request kind follows
    /// from the item. The trigger is never retried blindly: one call starts at most one backup.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "BackupItem", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(BackupOperation), typeof(BackupJob))]
    public sealed class StartBackupItemCommand : AsyncOperationCmdlet
    {
        /// <summary>A protected item. Typed as any vault object so that an unprotected item (or a container, a job) is
        /// refused with what to do instead of PowerShell's generic binding error.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public BackupResource InputObject { get; set; }

        /// <summary>For databases in VMs (default: Full; SnapshotFull for SAP HANA instances). VMs and file shares take none.</summary>
        [Parameter(Position = 0)]
        [ValidateSet("Full", "Differential", "Log", "CopyOnlyFull", "Incremental", "SnapshotFull", "SnapshotCopyOnlyFull", IgnoreCase = true)]
        public string BackupType { get; set; }

        /// <summary>SQL databases only.</summary>
        [Parameter]
        public SwitchParameter EnableCompression { get; set; }

        /// <summary>When the recovery point expires (UTC).</summary>
        [Parameter]
        public DateTime? ExpiryDateTimeUtc { get; set; }

        /// <summary>Keep the recovery point this many days from now: the same as -ExpiryDateTimeUtc (Get-Date).AddDays(n).</summary>
        [Parameter]
        public int? RetainDays { get; set; }

        static readonly OnDemandBackupRules.OptionNames Names = new OnDemandBackupRules.OptionNames("-BackupType", "-EnableCompression", "-ExpiryDateTimeUtc");

        string backupType;
        DateTimeOffset? expiry;
        OnDemandBackupRules.OptionNames names;

        // What the parameters alone make certainly wrong is refused once, before any item arrives.
        protected override void Begin()
        {
            backupType = Inputs.OneOf(BackupType, Inputs.BackupTypes, nameof(BackupType));
            if (ExpiryDateTimeUtc.HasValue && RetainDays.HasValue)
                throw new ArgumentException("-ExpiryDateTimeUtc and -RetainDays both say when the recovery point expires. Use one of them.", nameof(RetainDays));
            if (RetainDays.HasValue && RetainDays.Value < 1)
                throw new ArgumentException($"-RetainDays {RetainDays.Value} is not valid; a recovery point is kept at least one day.", nameof(RetainDays));
            if (RetainDays.HasValue && RetainDays.Value > 99 * 366)
                throw new ArgumentException($"-RetainDays {RetainDays.Value} is more than 99 years; on-demand backups are kept 99 years at most.", nameof(RetainDays));
            // With -RetainDays, messages echo the days typed, and the date they come to.
            names = RetainDays.HasValue ? new OnDemandBackupRules.OptionNames("-BackupType", "-EnableCompression", "-RetainDays", RetainDays.Value) : Names;
            if (ExpiryDateTimeUtc.HasValue) expiry = Inputs.Utc(ExpiryDateTimeUtc.Value);
            if (RetainDays.HasValue) expiry = DateTimeOffset.UtcNow.AddDays(RetainDays.Value);
            if (expiry.HasValue) OnDemandBackupRules.ValidateExpiry(backupType, expiry.Value, DateTimeOffset.UtcNow, names);
        }

        static string NotProtected(BackupResource input) => input is ProtectableItem unprotected
            ? $"'{unprotected.FriendlyName}' is not protected yet, so it has no backups to start. Protect it first: Get-BackupProtectableItem -Name {unprotected.FriendlyName} | Enable-BackupProtection -PolicyName <policy> (Get-BackupPolicy lists them); then Get-BackupProtectedItem -Name {unprotected.FriendlyName} | Start-BackupItem."
            : $"Start-BackupItem backs up protected items; '{input.Name}' is a {input.GetType().Name}. Pipe in Get-BackupProtectedItem's output.";

        protected override void Process()
        {
            if (!(InputObject is ProtectedItem item))
            {
                WriteError(new ArgumentException(NotProtected(InputObject), nameof(InputObject)), "ItemNotProtected", ErrorCategory.InvalidArgument, InputObject);
                return;
            }
            ForItem(item, "StartBackupFailed", () =>
            {
                RequireConnectedVault(item, nameof(InputObject));
                var rules = OnDemandBackupRules.Require(item, nameof(InputObject));
                var request = new BackupRequestOptions
                {
                    BackupType = backupType,
                    EnableCompression = EnableCompression.IsPresent ? true : (bool?)null,
                    RecoveryPointExpiryTimeInUtc = expiry,
                };
                // Per item, the workload decides: types, compression, and the retention limits of each type.
                rules.Validate(item.FriendlyName ?? item.Name, request, DateTimeOffset.UtcNow, names);
                var what = rules.EffectiveBackupType(backupType) ?? "on-demand";
                if (!ShouldProcess($"{item.FriendlyName} ({item.Name})", $"Start {what} backup ({rules.RequestType})")) return;
                Start(item, "StartBackupFailed", (client, ct) => client.TriggerBackupAsync(item, request, ct));
            });
        }
    }
}
