using System;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using BackupCmdlets.Client.Http;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;

namespace BackupCmdlets.Client
{
    // The ARM async-operation contract: follow Azure-AsyncOperation (preferred) or Location exactly
    // as given, never sooner than Retry-After, then fetch what the operation produced (from the last
    // answer where the service gives it: see ResultComesWithLocation).
    public sealed partial class BackupClient
    {
        /// <summary>
        /// Waits for <paramref name="operation"/> and returns what it produced (a <see cref="ProtectionContainer"/>,
        /// <see cref="ProtectedItem"/>, <see cref="BackupJob"/>, or null). Throws <see cref="BackupOperationException"/>
        /// when it fails, is canceled, or is not done within <paramref name="timeout"/>; after a timeout the same
        /// operation object can be waited on again.
        /// </summary>
        public async Task<object> WaitForOperationAsync(BackupOperation operation, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        {
            if (operation == null) throw new ArgumentNullException(nameof(operation));
            if (operation.IsCompleted) return Outcome(operation);
            operation.Status = "InProgress";
            var deadline = timeout.HasValue ? DateTimeOffset.UtcNow + timeout.Value : DateTimeOffset.MaxValue;
            var failures = 0;
            // An operation resumed from the job it started has nothing left to poll: only its result to read.
            var poll = operation.AzureAsyncOperationUrl == null && operation.LocationUrl == null ? new Poll { Done = true, JobId = operation.JobId } : default;
            while (!poll.Done)
            {
                if (operation.NextPollAt > deadline)
                {
                    operation.Status = "TimedOut";
                    throw new BackupOperationException(operation,
                        $"The {operation.Kind} of '{operation.TargetName}' was not done after {timeout.Value}; it is still running. Pass the operation to Wait-BackupOperation to keep waiting.");
                }
                await DelayUntil(operation.NextPollAt, cancellationToken).ConfigureAwait(false);
                operation.PollCount++;
                try
                {
                    poll = await PollOnceAsync(operation, cancellationToken).ConfigureAwait(false);
                    failures = 0;
                }
                catch (BackupException e) when (IsTransientPollFailure(e) && !cancellationToken.IsCancellationRequested)
                {
                    // The service did not answer this poll; the operation itself goes on. Poll again, a little later each time.
                    if (++failures > options.PollFailureLimit)
                        throw new BackupOperationException(operation,
                            $"Polling the {operation.Kind} of '{operation.TargetName}' failed {failures} times in a row; it may still be running. Wait for it again with Wait-BackupOperation. Last failure: {e.Message}",
                            requestId: e.RequestId, status: e.Status);
                    operation.NextPollAt = DateTimeOffset.UtcNow + PollBackoff(failures, e);
                    continue;
                }
            }
            operation.Result = await FetchResultAsync(operation, poll.FinalReply, poll.JobId ?? operation.JobId, cancellationToken).ConfigureAwait(false);
            operation.JobId = operation.JobId ?? (operation.Result as BackupJob)?.JobId;
            operation.Status = "Succeeded";
            operation.CompletedAt = DateTimeOffset.UtcNow;
            return Outcome(operation);
        }

        struct Poll
        {
            public bool Done;
            public Reply FinalReply;
            public string JobId;
        }

        /// <summary>
        /// Operations whose Location answers, once done, with the resource they made or changed (a registered container,
        /// a protected item): following Location gives the result in the last poll, where Azure-AsyncOperation's status
        /// carries none and would cost one more read per operation.
        /// </summary>
        static bool ResultComesWithLocation(BackupOperationKind kind) =>
            kind == BackupOperationKind.Register || kind == BackupOperationKind.EnableProtection
            || kind == BackupOperationKind.ModifyProtection || kind == BackupOperationKind.Undelete;

        /// <summary>One poll: Azure-AsyncOperation when the service gave one (ARM's preference), else Location; Location too where its last answer is the result.</summary>
        async Task<Poll> PollOnceAsync(BackupOperation operation, CancellationToken cancellationToken)
        {
            if (operation.AzureAsyncOperationUrl != null && !(operation.LocationUrl != null && ResultComesWithLocation(operation.Kind)))
            {
                var reply = await SendAsync(RequestMethod.Get, operation.AzureAsyncOperationUrl, null, cancellationToken).ConfigureAwait(false);
                var status = new OperationStatus(ParseBody(reply, operation.AzureAsyncOperationUrl));
                if (status.IsInProgress)
                {
                    Reschedule(operation, reply);
                    return default;
                }
                if (!status.IsSucceeded)
                    Fail(operation, status.Status, status.Error, reply.RequestId, null);
                return new Poll { Done = true, JobId = status.JobId };
            }
            var location = await SendAsync(RequestMethod.Get, operation.LocationUrl, null, cancellationToken, throwOnError: false).ConfigureAwait(false);
            if (location.Status == 202)
            {
                Reschedule(operation, location);
                return default;
            }
            if (location.Status == 408 || location.Status == 429 || location.Status >= 500)
                throw new BackupServiceException("GET", DisplayPath(operation.LocationUrl), location.Status, ParseError(location), location.RequestId, location.RetryAfter);
            if (location.Status >= 400)
            {
                // A Location result carries no status field: a canceled operation says so only by its error code (OperationCanceled).
                var error = ParseError(location);
                Fail(operation, error.Code != null && error.Code.IndexOf("Cancel", StringComparison.OrdinalIgnoreCase) >= 0 ? "Canceled" : "Failed", error, location.RequestId, location.Status);
            }
            var jobId = location.HasBody ? new OperationStatus(ParseBody(location, operation.LocationUrl)).JobId : null;
            return new Poll { Done = true, FinalReply = location, JobId = jobId };
        }

        /// <summary>How long to wait after the <paramref name="failures"/>th failed poll in a row: Retry-After if sent, else exponential up to the retry cap.</summary>
        TimeSpan PollBackoff(int failures, BackupException e)
        {
            var backoff = TimeSpan.FromTicks(options.Retry.Delay.Ticks * (1L << Math.Min(failures, 6)));
            return (e as BackupServiceException)?.RetryAfter ?? (backoff < options.Retry.MaxDelay ? backoff : options.Retry.MaxDelay);
        }

        /// <summary>Failures of a poll that say nothing about the operation: no answer, a server error, throttling, an unreadable body.</summary>
        static bool IsTransientPollFailure(BackupException e) =>
            e is BackupServiceException service ? service.IsTransient : !(e is BackupOperationException) && !(e is BackupAuthenticationException);

        /// <summary>What the finished operation produced, read fresh from the service.</summary>
        async Task<object> FetchResultAsync(BackupOperation operation, Reply finalReply, string jobId, CancellationToken cancellationToken)
        {
            switch (operation.Kind)
            {
                case BackupOperationKind.Register:
                case BackupOperationKind.EnableProtection:
                case BackupOperationKind.StopProtection:
                case BackupOperationKind.ModifyProtection:
                case BackupOperationKind.Undelete:
                    if (finalReply != null && finalReply.Status == 200 && finalReply.HasBody)
                        return ResultFromBody(operation.Kind, ParseBody(finalReply, operation.LocationUrl));
                    var json = await GetJsonAsync(Url(EscapePath(operation.TargetId)), cancellationToken).ConfigureAwait(false);
                    return ResultFromBody(operation.Kind, json);
                case BackupOperationKind.Inquiry:
                    // An inquiry can "succeed" while the container reports that looking inside failed: check.
                    var container = new ProtectionContainer(await GetJsonAsync(Url(EscapePath(operation.TargetId)), cancellationToken).ConfigureAwait(false));
                    if (container.InquiryFailed)
                        Fail(operation, "Failed", container.InquiryError ?? new BackupErrorDetail("InquiryFailed", $"Inquiry status is '{container.InquiryStatus}'."), null, null);
                    return container;
                case BackupOperationKind.CancelJob:
                    return new BackupJob(await GetJsonAsync(Url(EscapePath(operation.TargetId)), cancellationToken).ConfigureAwait(false));
                case BackupOperationKind.Backup:
                    if (!string.IsNullOrEmpty(jobId))
                        return await ReadJobAsync(operation.Vault, jobId, cancellationToken).ConfigureAwait(false);
                    // Followed by Location only, the service names no job: find the one this trigger started.
                    var target = ArmResourceId.Parse(operation.TargetId);
                    var item = await GetProtectedItemAsync(operation.Vault, target.Get("protectionContainers"), target.Name, target.Get("backupFabrics") ?? "Azure", cancellationToken).ConfigureAwait(false);
                    return await FindStartedJobAsync("Backup", operation.Vault, item.FriendlyName, item.ContainerName, item.BackupManagementType, TriggeredAt(operation), operation.JobsBefore, cancellationToken).ConfigureAwait(false)
                        ?? throw new BackupOperationException(operation, $"The backup of '{operation.TargetName}' was accepted, but neither the service nor the item's job list names the job it started.");
                case BackupOperationKind.Restore:
                    return await RestoreJobAsync(operation, jobId, cancellationToken).ConfigureAwait(false);
                default:
                    return null;
            }
        }

        static DateTimeOffset? TriggeredAt(BackupOperation operation) =>
            operation.TriggeredAt.HasValue ? new DateTimeOffset(DateTime.SpecifyKind(operation.TriggeredAt.Value, DateTimeKind.Utc)) : (DateTimeOffset?)null;

        static object Outcome(BackupOperation operation)
        {
            if (operation.Status == "Succeeded") return operation.Result;
            throw new BackupOperationException(operation, $"The {operation.Kind} of '{operation.TargetName}' ended {operation.Status}.", operation.Error);
        }

        void Reschedule(BackupOperation operation, Reply reply)
        {
            if (reply.RetryAfter.HasValue) operation.RetryAfter = reply.RetryAfter;
            operation.NextPollAt = reply.ReceivedAt + (reply.RetryAfter ?? operation.RetryAfter ?? options.DefaultPollInterval);
        }

        static void Fail(BackupOperation operation, string status, BackupErrorDetail error, string requestId, int? httpStatus)
        {
            operation.Status = string.Equals(status, "Canceled", StringComparison.OrdinalIgnoreCase) || string.Equals(status, "Cancelled", StringComparison.OrdinalIgnoreCase) ? "Canceled" : "Failed";
            operation.Error = error;
            operation.CompletedAt = DateTimeOffset.UtcNow;
            throw new BackupOperationException(operation, $"The {operation.Kind} of '{operation.TargetName}' ended {operation.Status}.", error, requestId, httpStatus);
        }
    }
}
