using System;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;

namespace BackupCmdlets.Client.Operations
{
    /// <summary>What an asynchronous request started.</summary>
    public enum BackupOperationKind { Refresh, Register, Inquiry, EnableProtection, Backup, CancelJob, StopProtection, ModifyProtection, DeleteBackupData, Unregister, Undelete, Restore }

    /// <summary>
    /// An asynchronous operation the service accepted (a 202): where to poll it, how long to wait,
    /// and what it acts on. It holds everything needed to resume waiting, in this session or another.
    /// </summary>
    public sealed class BackupOperation
    {
        public BackupOperation(BackupOperationKind kind, VaultId vault, string targetId, string targetName,
            string azureAsyncOperationUrl, string locationUrl, TimeSpan? retryAfter, string requestId, DateTimeOffset acceptedAt)
        {
            Kind = kind;
            Vault = vault;
            TargetId = targetId;
            TargetName = targetName;
            AzureAsyncOperationUrl = azureAsyncOperationUrl;
            LocationUrl = locationUrl;
            RetryAfter = retryAfter;
            RequestId = requestId;
            AcceptedAt = acceptedAt;
            NextPollAt = acceptedAt + (retryAfter ?? TimeSpan.Zero);
            Status = "InProgress";
        }

        public BackupOperationKind Kind { get; }
        public VaultId Vault { get; }
        public string VaultName => Vault?.Name;

        /// <summary>The id of what the operation acts on (fabric, container or protected item).</summary>
        public string TargetId { get; }
        public string TargetName { get; }

        public string AzureAsyncOperationUrl { get; }
        public string LocationUrl { get; }

        /// <summary>The Retry-After of the most recent response; the next poll waits at least this long.</summary>
        public TimeSpan? RetryAfter { get; internal set; }

        /// <summary>The <c>x-ms-request-id</c> of the request that started the operation.</summary>
        public string RequestId { get; }
        public DateTimeOffset AcceptedAt { get; }

        /// <summary>The earliest time the service wants to be polled again.</summary>
        public DateTimeOffset NextPollAt { get; internal set; }

        /// <summary><c>InProgress</c>, <c>Succeeded</c>, <c>Failed</c>, <c>Canceled</c> or <c>TimedOut</c> (still resumable).</summary>
        public string Status { get; internal set; }
        public int PollCount { get; internal set; }
        public DateTimeOffset? CompletedAt { get; internal set; }
        public BackupErrorDetail Error { get; internal set; }

        /// <summary>For a backup: the job it started, once the service reports it.</summary>
        public string JobId { get; internal set; }

        /// <summary>What the operation produced, once done: a container, a protected item, a job, or null.</summary>
        public object Result { get; internal set; }

        /// <summary>
        /// For a backup or a restore: when the client first sent the trigger (UTC, the client's clock). Only when the
        /// service names no job (Location only) or the answer was lost does the client look for the job, and then only
        /// among the item's jobs that started since (less a margin for clocks apart). Public so that a saved
        /// operation keeps it, for a wait resumed elsewhere. A DateTime, which Export-Clixml and ConvertTo-Json keep.
        /// </summary>
        public DateTime? TriggeredAt { get; internal set; }

        /// <summary>
        /// For a backup saved by an earlier version: the item's backup jobs that existed before the trigger, so the one
        /// it started can be told apart. Triggers no longer read the job list first, so new operations leave it empty.
        /// </summary>
        public System.Collections.Generic.IReadOnlyCollection<string> JobsBefore { get; internal set; }

        /// <summary>The service's id of the operation: the last segment of its status (or else its Location) URL.</summary>
        public string OperationId => LastSegment(AzureAsyncOperationUrl) ?? LastSegment(LocationUrl);

        /// <summary>An operation that is already over: the service's work is known to have been done.</summary>
        internal static BackupOperation Completed(BackupOperationKind kind, VaultId vault, string targetId, string targetName, object result, string jobId)
        {
            var now = DateTimeOffset.UtcNow;
            return new BackupOperation(kind, vault, targetId, targetName, null, null, null, null, now)
            {
                Status = "Succeeded",
                CompletedAt = now,
                Result = result,
                JobId = jobId,
            };
        }

        public bool IsCompleted => Status == "Succeeded" || Status == "Failed" || Status == "Canceled";

        static string LastSegment(string url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
            var path = uri.AbsolutePath.TrimEnd('/');
            return Uri.UnescapeDataString(path.Substring(path.LastIndexOf('/') + 1));
        }

        public override string ToString() => $"{Kind} {TargetName} ({Status})";
    }
}
