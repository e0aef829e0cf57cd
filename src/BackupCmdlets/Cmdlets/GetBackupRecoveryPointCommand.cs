using System;
using System.Linq;
using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Client.Ids;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>
    /// Get-BackupRecoveryPoint: the recovery points of a protected item (all, a time range, or one by id),
    /// or those a completed backup job produced.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "BackupRecoveryPoint", DefaultParameterSetName = ByItem)]
    [OutputType(typeof(RecoveryPoint))]
    public sealed class GetBackupRecoveryPointCommand : BackupCmdletBase
    {
        const string ByItem = "ByItem";
        const string ByJob = "ByJob";

        /// <summary>The service's time filter counts whole seconds: ask a second wider, then keep the job's exact window.</summary>
        static readonly TimeSpan FilterGrain = TimeSpan.FromSeconds(1);

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByItem)]
        [Alias("Item")]
        public ProtectedItem InputObject { get; set; }

        /// <summary>A backup job; its item's recovery points made while it ran.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByJob)]
        public BackupJob Job { get; set; }

        /// <summary>One recovery point, by its id (the Name of a listed point).</summary>
        [Parameter(ParameterSetName = ByItem)]
        [Alias("RecoveryPointId")]
        public string Id { get; set; }

        /// <summary>Only points made at or after this time.</summary>
        [Parameter(ParameterSetName = ByItem)]
        public DateTime? From { get; set; }

        /// <summary>Only points made at or before this time.</summary>
        [Parameter(ParameterSetName = ByItem)]
        public DateTime? To { get; set; }

        /// <summary>Only a SQL database's log chain: the point-in-time point whose TimeRanges say which times can be restored.</summary>
        [Parameter(ParameterSetName = ByItem)]
        public SwitchParameter LogChain { get; set; }

        protected override void Begin()
        {
            if (Id != null && LogChain.IsPresent)
                throw new ArgumentException("-Id names one recovery point; leave out -LogChain with it.", nameof(LogChain));
            if (Id != null) Inputs.PathName(Id, ArmNameKind.RecoveryPoint, nameof(Id));
            if (Id != null && (From.HasValue || To.HasValue))
                throw new ArgumentException("-Id names one recovery point; leave out -From and -To with it.", nameof(Id));
            if (From.HasValue && To.HasValue && Inputs.Utc(From.Value) > Inputs.Utc(To.Value))
                throw new ArgumentException($"-From {From:u} is after -To {To:u}.", nameof(From));
        }

        protected override void Process()
        {
            if (Job != null)
            {
                ForItem(Job, "GetRecoveryPointFailed", () => ForJob(Job));
                return;
            }
            var item = InputObject;
            ForItem(item, "GetRecoveryPointFailed", () =>
            {
                RequireConnectedVault(item, nameof(InputObject));
                if (Id != null)
                {
                    WriteObject(Run((client, ct) => client.GetRecoveryPointAsync(item, Id.Trim(), ct)));
                    return;
                }
                // Only a SQL database has log backups: for a VM or a file share the query type means nothing, and the
                // service's plain points would come back looking like a chain that -PointInTime then refuses.
                if (LogChain.IsPresent && !string.Equals(item.WorkloadType, "SQLDataBase", StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"-LogChain applies to SQL databases; '{item.FriendlyName}' is {item.WorkloadType ?? item.ProtectedItemType}, whose recovery points are single points. Leave out -LogChain.", nameof(LogChain));
                var written = 0;
                Stream(Client.ListRecoveryPointsAsync(item, From.HasValue ? Inputs.Utc(From.Value) - FilterGrain : (DateTimeOffset?)null, To.HasValue ? Inputs.Utc(To.Value) + FilterGrain : (DateTimeOffset?)null,
                        LogChain.IsPresent ? "Log" : null, CancelToken),
                    rp =>
                    {
                        var keep = rp.IsPointInTime ? InWindow(rp, From.HasValue ? Inputs.Utc(From.Value) : (DateTimeOffset?)null, To.HasValue ? Inputs.Utc(To.Value) : (DateTimeOffset?)null)
                            : (!From.HasValue || rp.RecoveryPointTime >= Inputs.Utc(From.Value)) && (!To.HasValue || rp.RecoveryPointTime <= Inputs.Utc(To.Value));
                        if (keep) written++;
                        return keep;
                    });
                // An empty chain is not silence: '$chain.TimeRanges[-1].End' would otherwise fail far from the cause.
                if (LogChain.IsPresent && written == 0)
                    WriteError(new NotFoundException(From.HasValue || To.HasValue
                            ? $"'{item.FriendlyName}' has no log chain between -From and -To. Leave them out to see the whole chain."
                            : $"'{item.FriendlyName}' has no log chain yet: no log backup since a full one. Run Start-BackupItem -BackupType Log (or wait for the policy's log backup), then ask again."),
                        "LogChainNotFound", ErrorCategory.ObjectNotFound, item);
            });
        }

        void ForJob(BackupJob job)
        {
            RequireConnectedVault(job, nameof(Job));
            // Only a backup makes points: a restore job (say) matched the item's points in its window, usually none, in silence.
            if (job.Operation != null && NoPointJobs.Contains(job.Operation))
                throw new ArgumentException($"-Job {job.JobId} is a {job.Operation} job, which makes no recovery point; only a backup job does. To list the points of '{job.EntityFriendlyName}', pipe its protected item: Get-BackupProtectedItem -Name '{job.EntityFriendlyName}' | Get-BackupRecoveryPoint.", nameof(Job));
            if (!job.IsTerminal)
                throw new ArgumentException($"-Job {job.JobId} is {job.Status}: wait for it with Wait-BackupJob first.", nameof(Job));
            var item = Run((client, ct) => client.FindProtectedItemOfJobAsync(job, ct))
                ?? throw new NotFoundException($"No protected item named '{job.EntityFriendlyName}' was found for job {job.JobId}.");
            var from = job.StartTime ?? DateTimeOffset.MinValue;
            var to = job.EndTime ?? DateTimeOffset.UtcNow;
            // A log backup makes no point of its own: it extends the log chain, shown when a range ends in the job's window.
            var log = string.Equals(job.BackupType, "Log", StringComparison.OrdinalIgnoreCase);
            Stream(Client.ListRecoveryPointsAsync(item, from - FilterGrain, to + FilterGrain, log ? "Log" : null, CancelToken),
                rp => rp.IsPointInTime ? log && rp.TimeRanges.Any(r => r.End >= from && r.End <= to) : rp.RecoveryPointTime >= from && rp.RecoveryPointTime <= to);
        }

        /// <summary>The job operations (Get-BackupJob -Operation) that make no recovery point.</summary>
        static readonly System.Collections.Generic.HashSet<string> NoPointJobs = new System.Collections.Generic.HashSet<string>(
            new[] { "ConfigureBackup", "CrossRegionRestore", "DeleteBackupData", "DisableBackup", "Register", "Restore", "UnRegister" }, StringComparer.OrdinalIgnoreCase);

        /// <summary>A log chain point is in a time window when one of its ranges overlaps it.</summary>
        static bool InWindow(RecoveryPoint rp, DateTimeOffset? from, DateTimeOffset? to) =>
            rp.TimeRanges.Any(r => (!from.HasValue || r.End >= from) && (!to.HasValue || r.Start <= to));
    }
}
