using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;

namespace BackupCmdlets.Client
{
    // Backup jobs.
    public sealed partial class BackupClient
    {
        /// <summary>GET backupJobs/{jobId}: a job id a caller gives must be a GUID, as the service's are.</summary>
        public Task<BackupJob> GetJobAsync(VaultId vault, string jobId, CancellationToken cancellationToken = default)
        {
            ArmNames.Check(ArmNameKind.Job, jobId, nameof(jobId));
            return ReadJobAsync(vault, jobId, cancellationToken);
        }

        /// <summary>A job by the id the service itself gave (an operation's result, a job being waited on): taken as given, escaped as always.</summary>
        async Task<BackupJob> ReadJobAsync(VaultId vault, string jobId, CancellationToken cancellationToken)
        {
            Require(jobId, nameof(jobId));
            return new BackupJob(await GetJsonAsync(Url(vault.PathOf("backupJobs", jobId)), cancellationToken).ConfigureAwait(false));
        }

        /// <summary>GET backupJobs with an optional OData filter built from the given values, streamed page by page.</summary>
        public IAsyncEnumerable<BackupJob> ListJobsAsync(VaultId vault, string status = null, string operation = null, string backupManagementType = null,
            DateTimeOffset? startTime = null, DateTimeOffset? endTime = null, CancellationToken cancellationToken = default)
        {
            var clauses = new List<string>();
            void Add(string name, string value)
            {
                if (string.IsNullOrEmpty(value)) return;
                Require(value, name);
                clauses.Add($"{name} eq '{value}'");
            }
            Add("status", status);
            Add("operation", operation);
            Add("backupManagementType", backupManagementType);
            // The spec's example format: startTime eq '2016-01-01 00:00:00 AM' (UTC).
            if (startTime.HasValue) clauses.Add($"startTime eq '{FilterTime(startTime.Value)}'");
            if (endTime.HasValue) clauses.Add($"endTime eq '{FilterTime(endTime.Value)}'");
            return PageAsync(Url(vault.PathOf("backupJobs"), clauses.Count == 0 ? null : string.Join(" and ", clauses)), e => new BackupJob(e), cancellationToken);
        }

        /// <summary>POST cancel: asks the service to stop a job in progress. Waiting on the operation returns the job, Cancelled.</summary>
        public async Task<Operations.BackupOperation> CancelJobAsync(BackupJob job, CancellationToken cancellationToken = default)
        {
            if (job?.VaultId == null || string.IsNullOrEmpty(job.JobId)) throw new ArgumentException("The job has no id: pass one returned by the service.", nameof(job));
            var id = job.VaultId.ChildId("backupJobs", job.JobId);
            var reply = await SendAsync(Azure.Core.RequestMethod.Post, Url(EscapePath(id) + "/cancel"), null, cancellationToken).ConfigureAwait(false);
            return Accepted(reply, Operations.BackupOperationKind.CancelJob, job.VaultId, id, $"job {job.JobId} ({job.Operation} of '{job.EntityFriendlyName}')");
        }

        /// <summary>
        /// Polls a job until it ends. Completed (or CompletedWithWarnings) returns the job; Failed or
        /// Cancelled throws <see cref="BackupJobException"/> with the job's errors. Without <paramref name="pollInterval"/>
        /// the interval adapts to the job (<see cref="JobPollSchedule"/>); with it, it is fixed.
        /// </summary>
        public async Task<BackupJob> WaitForJobAsync(BackupJob job, TimeSpan? timeout = null, TimeSpan? pollInterval = null, Action<BackupJob> onUpdate = null, CancellationToken cancellationToken = default)
        {
            if (job?.VaultId == null) throw new ArgumentException("The job has no id: pass one returned by the service.", nameof(job));
            var schedule = new JobPollSchedule(pollInterval, options.JobPollInterval, options.JobPollMaxInterval);
            var deadline = timeout.HasValue ? DateTimeOffset.UtcNow + timeout.Value : DateTimeOffset.MaxValue;
            var current = job;
            var failures = 0;
            var next = DateTimeOffset.UtcNow + schedule.First;
            while (!current.IsTerminal)
            {
                if (next > deadline)
                    throw new BackupJobException(current, $"Job {current.JobId} ({current.Operation} of '{current.EntityFriendlyName}') is still {current.Status} after {timeout.Value}. Wait for it again with Wait-BackupJob.");
                await DelayUntil(next, cancellationToken).ConfigureAwait(false);
                Reply reply;
                try
                {
                    var url = Url(current.VaultId.PathOf("backupJobs", current.JobId));
                    reply = await SendAsync(Azure.Core.RequestMethod.Get, url, null, cancellationToken).ConfigureAwait(false);
                    current = new BackupJob(ParseBody(reply, url));
                    failures = 0;
                }
                catch (BackupException e) when (IsTransientPollFailure(e) && !cancellationToken.IsCancellationRequested)
                {
                    // A job read is a poll: one that goes unanswered says nothing about the job. Read again, as operation polls do.
                    if (++failures > options.PollFailureLimit)
                        throw new BackupJobException(current,
                            $"Reading job {current.JobId} ({current.Operation} of '{current.EntityFriendlyName}') failed {failures} times in a row; it may still be running. Wait for it again with Wait-BackupJob. Last failure: {e.Message}", inner: e);
                    next = DateTimeOffset.UtcNow + PollBackoff(failures, e);
                    continue;
                }
                next = reply.ReceivedAt + schedule.Next(current, reply.RetryAfter, reply.ReceivedAt);
                onUpdate?.Invoke(current);
            }
            if (!current.IsSuccessful)
            {
                var first = current.ErrorDetails.Count > 0 ? current.ErrorDetails[0] : null;
                throw new BackupJobException(current, $"Job {current.JobId} ({current.Operation} of '{current.EntityFriendlyName}') ended {current.Status}.", first);
            }
            return current;
        }

        /// <summary>Waits until <paramref name="when"/> by the wall clock; never returns early.</summary>
        internal static async Task DelayUntil(DateTimeOffset when, CancellationToken cancellationToken)
        {
            while (true)
            {
                var remaining = when - DateTimeOffset.UtcNow;
                if (remaining <= TimeSpan.Zero) return;
                await Task.Delay(remaining + TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
