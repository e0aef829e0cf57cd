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
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public ProtectedItem InputObject { get; set; }

        /// <summary>For databases in VMs (default: Full; SnapshotFull for SAP HANA instances). VMs and file shares take none.</summary>
        [Parameter(Position = 0)]
        [ValidateSet("Full", "Differential", "Log", "CopyOnlyFull", "Incremental", "SnapshotFull", "SnapshotCopyOnlyFull", IgnoreCase = true)]
        public string BackupType { get; set; }

        /// <summary>SQL databases only.</summary>
        [Parameter]
        public SwitchParameter EnableCompression { get => CompressionRequested; set => CompressionRequested = value.IsPresent; }

        internal bool CompressionRequested { get; set; }

        /// <summary>When the recovery point expires (UTC).</summary>
        [Parameter]
        public DateTime? ExpiryDateTimeUtc { get; set; }

        /// <summary>Keep the recovery point this many days from now: the same as -ExpiryDateTimeUtc (Get-Date).AddDays(n).</summary>
        [Parameter]
        public int? RetainDays { get; set; }

        static readonly OnDemandBackupRules.OptionNames Names = new OnDemandBackupRules.OptionNames("-BackupType", "-EnableCompression", "-ExpiryDateTimeUtc");
        static readonly OnDemandBackupRules.OptionNames DayNames = new OnDemandBackupRules.OptionNames("-BackupType", "-EnableCompression", "-RetainDays");

        string backupType;
        DateTimeOffset? expiry;

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
            var names = RetainDays.HasValue ? DayNames : Names;
            if (ExpiryDateTimeUtc.HasValue) expiry = Inputs.Utc(ExpiryDateTimeUtc.Value);
            if (RetainDays.HasValue) expiry = DateTimeOffset.UtcNow.AddDays(RetainDays.Value);
            if (expiry.HasValue && expiry.Value <= DateTimeOffset.UtcNow)
                throw new ArgumentException($"{names.Expiry} {expiry.Value.UtcDateTime:u} is in the past; a recovery point must expire in the future.", names.Expiry.TrimStart('-'));
            if (expiry.HasValue && expiry.Value > DateTimeOffset.UtcNow.AddYears(99))
                throw new ArgumentException($"{names.Expiry} {expiry.Value.UtcDateTime:u} is more than 99 years away; on-demand backups are kept 99 years at most.", names.Expiry.TrimStart('-'));
            if (expiry.HasValue && (backupType == "Differential" || backupType == "Log"))
                throw new ArgumentException($"{names.Expiry} does not apply to a {backupType} backup: it is kept as the policy keeps scheduled {backupType.ToLowerInvariant()} backups. Leave it out.", names.Expiry.TrimStart('-'));
        }

        protected override void Process()
        {
            var item = InputObject;
            ForItem(item, "StartBackupFailed", () =>
            {
                RequireConnectedVault(item, nameof(InputObject));
                var rules = OnDemandBackupRules.For(item)
                    ?? throw new ArgumentException($"'{item.FriendlyName}' ({item.BackupManagementType} {item.ProtectedItemType ?? item.WorkloadType}) cannot be backed up on demand by this module.", nameof(InputObject));
                var request = new BackupRequestOptions
                {
                    BackupType = backupType,
                    EnableCompression = CompressionRequested ? true : (bool?)null,
                    RecoveryPointExpiryTimeInUtc = expiry,
                };
                // Per item, the workload decides: types, compression, and the retention limits of each type.
                rules.Validate(item.FriendlyName ?? item.Name, request, DateTimeOffset.UtcNow, RetainDays.HasValue ? DayNames : Names);
                var what = rules.EffectiveBackupType(backupType) ?? "on-demand";
                if (!Sink.ShouldProcess($"{item.FriendlyName} ({item.Name})", $"Start {what} backup ({rules.RequestType})")) return;
                Emit(Run(ct => Client.TriggerBackupAsync(item, request, ct)));
            });
        }
    }
}
