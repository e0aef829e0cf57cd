using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;

namespace BackupCmdlets.Client
{
    // On-demand backup. The trigger POST is not idempotent: sent twice, it could start two backups.
    // So the pipeline never retries it, and this file decides, failure by failure, whether it is safe
    // to send again: a 429 was not acted on; an ambiguous failure (timeout, dropped connection, 5xx,
    // a broken answer) is followed by a look at the item's jobs before anything is sent again.
    public sealed partial class BackupClient
    {
        /// <summary>How far back the jobs of an item are read to tell a new backup from older ones.</summary>
        static readonly TimeSpan JobWindow = TimeSpan.FromDays(1);

        /// <summary>The request kind (<c>objectType</c>) that fits an item, or null when it cannot be backed up on demand.</summary>
        public static string BackupRequestTypeFor(ProtectedItem item) => OnDemandBackupRules.For(item)?.RequestType;

        /// <summary>
        /// POST backup: starts one on-demand backup of <paramref name="item"/>, at most one whatever fails on the way.
        /// Returns the accepted operation, or, when an ambiguous failure turns out to have started the backup,
        /// an operation already completed with the job it started.
        /// </summary>
        public async Task<BackupOperation> TriggerBackupAsync(ProtectedItem item, BackupRequestOptions request = null, CancellationToken cancellationToken = default)
        {
            if (item == null) throw new ArgumentNullException(nameof(item));
            if (item.VaultId == null || item.ContainerName == null)
                throw new ArgumentException("The protected item has no id naming its container: pass one returned by the service.", nameof(item));
            request = request ?? new BackupRequestOptions();
            var rules = OnDemandBackupRules.Require(item, nameof(item));
            rules.Validate(item.FriendlyName ?? item.Name, request, DateTimeOffset.UtcNow);
            var fabric = item.ResourceId.Get("backupFabrics") ?? "Azure";
            var path = item.VaultId.ChildId("backupFabrics", fabric, "protectionContainers", item.ContainerName, "protectedItems", item.Name);
            var body = TriggerBody(rules, request);

            // No job list first: the operation's status names the job. Only an ambiguous answer, or a service that
            // names no job, makes the client look, and then only at the item's jobs since this moment.
            var triggeredAt = DateTimeOffset.UtcNow;
            // Two budgets: throttled sends were certainly not acted on and count against the ordinary
            // retry limit; sends whose outcome was unknown count against MaxTriggerAttempts.
            var throttled = 0;
            for (var attempt = 1; ; )
            {
                try
                {
                    var reply = await SendAsync(RequestMethod.Post, Url(EscapePath(path) + "/backup"), body, cancellationToken, retriable: false).ConfigureAwait(false);
                    var operation = Accepted(reply, BackupOperationKind.Backup, item.VaultId, path, item.FriendlyName ?? item.Name);
                    operation.TriggeredAt = triggeredAt.UtcDateTime;
                    return operation;
                }
                catch (BackupServiceException e) when (e.Status == 429 && throttled++ < options.Retry.MaxRetries)
                {
                    // Throttled: the service did not act on it. Sending again after Retry-After is safe. The throttle
                    // gate is closed until the same moment, so the resend passes it at once: the waits do not add up.
                    await DelayUntil(DateTimeOffset.UtcNow + (e.RetryAfter ?? options.Retry.Delay), cancellationToken).ConfigureAwait(false);
                }
                catch (BackupException e) when (IsAmbiguous(e, attempt) && !cancellationToken.IsCancellationRequested)
                {
                    // It may or may not have started a backup: find out before sending anything again.
                    await Task.Delay(options.AmbiguousTriggerCheckDelay, cancellationToken).ConfigureAwait(false);
                    var started = await FindStartedJobAsync("Backup", item.VaultId, item.FriendlyName, item.ContainerName, item.BackupManagementType, triggeredAt, null, cancellationToken).ConfigureAwait(false);
                    if (started != null)
                        return BackupOperation.Completed(BackupOperationKind.Backup, item.VaultId, path, item.FriendlyName ?? item.Name, started, started.JobId);
                    if (attempt >= options.MaxTriggerAttempts)
                        throw new BackupException($"The backup of '{item.FriendlyName}' could not be started: {attempt} attempts failed and no backup job was started by them. Last failure: {e.Message}",
                            new BackupErrorDetail(e.ErrorCode, e.ServiceMessage, e.Recommendations), e.RequestId, e.Status, e); // the last failure's code and status classify the error
                    attempt++;
                }
            }
        }

        /// <summary>
        /// A failure after which the backup may have started: no answer, a server error, or an answer
        /// that could not be read. A 409 on a repeat attempt means a backup is running: perhaps ours.
        /// </summary>
        static bool IsAmbiguous(BackupException e, int attempt)
        {
            if (e is BackupServiceException service)
                return service.Status == 408 || service.Status >= 500 || (service.Status == 409 && attempt > 1);
            // A sign-in failure or a refused token: the trigger was never acted on.
            return !(e is BackupOperationException) && !(e is BackupAuthenticationException) && (e.Status == null || e.Status < 300);
        }

        static byte[] TriggerBody(OnDemandBackupRules rules, BackupRequestOptions request) => JsonBody(w =>
        {
            w.WriteStartObject("properties");
            w.WriteString("objectType", rules.RequestType);
            if (rules.EffectiveBackupType(request.BackupType) is string backupType) w.WriteString("backupType", backupType);
            if (rules.AllowsCompression && request.EnableCompression.HasValue) w.WriteBoolean("enableCompression", request.EnableCompression.Value);
            if (request.RecoveryPointExpiryTimeInUtc.HasValue)
                w.WriteString("recoveryPointExpiryTimeInUTC", request.RecoveryPointExpiryTimeInUtc.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        });

        /// <summary>
        /// The job a trigger sent at <paramref name="triggeredAt"/> started: the item's newest job of <paramref name="operation"/>
        /// (Backup, Restore) that started since then, less <see cref="BackupClientOptions.TriggerClockSkew"/> for clocks
        /// apart, and is not among <paramref name="jobsBefore"/> (what an operation saved by an older version carries).
        /// Without a send time, the item's jobs of the last day. Null when there is none.
        /// </summary>
        internal async Task<BackupJob> FindStartedJobAsync(string operation, VaultId vault, string friendlyName, string containerName, string managementType,
            DateTimeOffset? triggeredAt, IEnumerable<string> jobsBefore, CancellationToken cancellationToken)
        {
            var before = jobsBefore == null ? null : new HashSet<string>(jobsBefore, StringComparer.OrdinalIgnoreCase);
            var now = DateTimeOffset.UtcNow;
            var from = triggeredAt.HasValue ? triggeredAt.Value - options.TriggerClockSkew : now - JobWindow;
            BackupJob newest = null;
            await foreach (var job in ListJobsAsync(vault, operation: operation, backupManagementType: managementType,
                startTime: from, endTime: now + JobWindow, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (!IsJobOf(job, friendlyName, containerName) || (before != null && before.Contains(job.JobId))) continue;
                if (job.StartTime.HasValue && job.StartTime < from - TimeSpan.FromSeconds(1)) continue; // the filter is to the second
                if (newest == null || job.StartTime > newest.StartTime) newest = job;
            }
            return newest;
        }

        /// <summary>The protected item a job worked on, or null: matched as <see cref="IsJobOf"/> matches jobs to items.</summary>
        public async Task<ProtectedItem> FindProtectedItemOfJobAsync(BackupJob job, CancellationToken cancellationToken = default)
        {
            if (job?.VaultId == null) throw new ArgumentException("The job has no id: pass one returned by the service.", nameof(job));
            await foreach (var item in ListProtectedItemsAsync(job.VaultId, job.BackupManagementType ?? "AzureWorkload", cancellationToken: cancellationToken).ConfigureAwait(false))
                if (IsJobOf(job, item.FriendlyName, item.ContainerName)) return item;
            return null;
        }

        /// <summary>
        /// A job names its item by friendly name. Where it names a container too (a workload job's property
        /// bag, a VM job's containerName, a file share job's storage account), that must agree.
        /// </summary>
        static bool IsJobOf(BackupJob job, string friendlyName, string containerName)
        {
            if (!string.Equals(job.EntityFriendlyName, friendlyName, StringComparison.OrdinalIgnoreCase)) return false;
            var hints = job.PropertyBag.Where(p => p.Key.IndexOf("Container", StringComparison.OrdinalIgnoreCase) >= 0).Select(p => p.Value)
                .Concat(new[] { job.ContainerName, job.StorageAccountName }).Where(h => !string.IsNullOrEmpty(h)).ToList();
            return hints.Count == 0 || hints.Any(h => SameContainer(h, containerName));
        }

        /// <summary>A VM job says "iaasvmcontainerv2;rg;vm" and a file share job the account name, where the item's container has a longer name.</summary>
        static bool SameContainer(string hint, string containerName) =>
            string.Equals(hint, containerName, StringComparison.OrdinalIgnoreCase)
            || (containerName ?? "").EndsWith(";" + hint, StringComparison.OrdinalIgnoreCase);
    }
}
