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

        /// <summary>For databases in VMs (default Full).</summary>
        [Parameter(Position = 0)]
        [ValidateSet("Full", "Differential", "Log", "CopyOnlyFull", "Incremental", "SnapshotFull", "SnapshotCopyOnlyFull", IgnoreCase = true)]
        public string BackupType { get; set; }

        [Parameter]
        public SwitchParameter EnableCompression { get => CompressionRequested; set => CompressionRequested = value.IsPresent; }

        internal bool CompressionRequested { get; set; }

        /// <summary>When the recovery point expires (UTC).</summary>
        [Parameter]
        public DateTime? ExpiryDateTimeUtc { get; set; }

        string backupType;
        DateTimeOffset? expiry;

        // Parameters that do not come from the pipeline are checked once, before any item arrives.
        protected override void Begin()
        {
            backupType = Inputs.OneOf(BackupType, Inputs.BackupTypes, nameof(BackupType));
            if (ExpiryDateTimeUtc.HasValue)
            {
                var utc = Inputs.Utc(ExpiryDateTimeUtc.Value).UtcDateTime;
                if (utc <= DateTime.UtcNow)
                    throw new ArgumentException($"-ExpiryDateTimeUtc {utc:u} is in the past; a recovery point must expire in the future.", nameof(ExpiryDateTimeUtc));
                if (utc > DateTime.UtcNow.AddYears(99))
                    throw new ArgumentException($"-ExpiryDateTimeUtc {utc:u} is more than 99 years away; on-demand backups are kept 99 years at most.", nameof(ExpiryDateTimeUtc));
                // Retention rules of on-demand backups of databases (published walkthrough).
                if (backupType == "Differential" || backupType == "Log")
                    throw new ArgumentException($"-ExpiryDateTimeUtc does not apply to a {backupType} backup: its retention follows the policy's retention of scheduled {backupType.ToLowerInvariant()} backups. Leave it out.", nameof(ExpiryDateTimeUtc));
                expiry = new DateTimeOffset(utc);
            }
        }

        protected override void Process()
        {
            var item = InputObject;
            ForItem(item, "StartBackupFailed", () =>
            {
                RequireConnectedVault(item, nameof(InputObject));
                var isWorkload = string.Equals(BackupClient.BackupRequestTypeFor(item), "AzureWorkloadBackupRequest", StringComparison.Ordinal);
                if (!isWorkload && (backupType != null || CompressionRequested))
                    throw new ArgumentException($"-BackupType and -EnableCompression apply to databases in VMs; '{item.FriendlyName}' is managed by {item.BackupManagementType}. Leave them out.", nameof(BackupType));
                if (isWorkload && (backupType ?? "Full") == "Full" && expiry.HasValue && expiry.Value < DateTimeOffset.UtcNow.AddDays(45))
                    throw new ArgumentException($"-ExpiryDateTimeUtc {expiry.Value:u} is less than 45 days away; an on-demand full backup of a database is kept at least 45 days. Use a later date, or -BackupType CopyOnlyFull, which accepts any retention.", nameof(ExpiryDateTimeUtc));
                var request = new BackupRequestOptions
                {
                    BackupType = isWorkload ? backupType ?? "Full" : null,
                    EnableCompression = CompressionRequested ? true : (bool?)null,
                    RecoveryPointExpiryTimeInUtc = expiry,
                };
                if (!Sink.ShouldProcess($"{item.FriendlyName} ({item.Name})", $"Start {request.BackupType ?? "on-demand"} backup")) return;
                Emit(Run(ct => Client.TriggerBackupAsync(item, request, ct)));
            });
        }
    }
}
