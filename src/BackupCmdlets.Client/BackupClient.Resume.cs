using System;
using System.Collections.Generic;
using System.Linq;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Operations;

namespace BackupCmdlets.Client
{
    // Resuming a wait in another process: an operation rebuilt from what was saved of it (Export-Clixml,
    // ConvertTo-Json, a log line). Nothing here sends a request: waiting on the result only reads.
    public sealed partial class BackupClient
    {
        /// <summary>The kind of resource each kind of operation acts on: the type segment of its target id.</summary>
        static readonly Dictionary<BackupOperationKind, string> TargetTypes = new Dictionary<BackupOperationKind, string>
        {
            [BackupOperationKind.Refresh] = "backupFabrics",
            [BackupOperationKind.Register] = "protectionContainers",
            [BackupOperationKind.Inquiry] = "protectionContainers",
            [BackupOperationKind.EnableProtection] = "protectedItems",
            [BackupOperationKind.Backup] = "protectedItems",
            [BackupOperationKind.CancelJob] = "backupJobs",
            [BackupOperationKind.StopProtection] = "protectedItems",
            [BackupOperationKind.ModifyProtection] = "protectedItems",
            [BackupOperationKind.DeleteBackupData] = "protectedItems",
            [BackupOperationKind.Undelete] = "protectedItems",
            [BackupOperationKind.Unregister] = "protectionContainers",
            [BackupOperationKind.Restore] = "protectedItems",
        };

        /// <summary>
        /// An operation to wait on again, from what was kept of it: its kind, the id of what it acts on (which
        /// names the vault), and where to poll it: the Azure-AsyncOperation URL, the Location URL, or the
        /// operation's id (polled at the vault's backupOperations/{id}). A backup whose job is already known
        /// needs only <paramref name="jobId"/>; one whose job the service may not name keeps
        /// <paramref name="triggeredAt"/> (or, saved by an earlier version, <paramref name="jobsBefore"/>) to find it. Throws <see cref="ArgumentException"/> for anything that does not fit,
        /// before any request; a poll URL must be on this client's endpoint, so the sign-in goes nowhere else.
        /// </summary>
        public BackupOperation ResumeOperation(BackupOperationKind kind, string targetId, string statusUrl = null, string locationUrl = null,
            string operationId = null, string jobId = null, IEnumerable<string> jobsBefore = null, string targetName = null, DateTimeOffset? triggeredAt = null)
        {
            if (!TargetTypes.TryGetValue(kind, out var targetType)) throw new ArgumentException($"'{kind}' is not a kind of operation.", nameof(kind));
            if (!ArmResourceId.TryParse(targetId, out var target) || !(target.Vault is VaultId vault))
                throw new ArgumentException($"TargetId '{targetId}' is not the id of something in a Recovery Services vault.", nameof(targetId));
            var after = target.SegmentsAfterVault();
            if (after.Count < 2 || !string.Equals(after[after.Count - 2], targetType, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"A {kind} operation acts on {targetType}, but TargetId '{targetId}' names no such resource.", nameof(targetId));
            statusUrl = PollUrlOnEndpoint(statusUrl, "StatusUrl");
            locationUrl = PollUrlOnEndpoint(locationUrl, "LocationUrl");
            if (statusUrl == null && locationUrl == null && !string.IsNullOrWhiteSpace(operationId))
            {
                operationId = operationId.Trim();
                if (operationId.IndexOfAny(new[] { '/', '\\', '?', '#' }) >= 0 || operationId == "." || operationId == "..")
                    throw new ArgumentException($"OperationId '{operationId}' is not an operation id.", nameof(operationId));
                statusUrl = Url(vault.PathOf("backupOperations", operationId)); // BackupOperationStatuses_Get: any operation of the vault
            }
            var knownJob = (kind == BackupOperationKind.Backup || kind == BackupOperationKind.Restore) && !string.IsNullOrWhiteSpace(jobId);
            if (statusUrl == null && locationUrl == null && !knownJob)
                throw new ArgumentException($"To wait on the {kind} of '{target.Name}' again, give its StatusUrl (Azure-AsyncOperation), LocationUrl or OperationId.", nameof(statusUrl));
            return new BackupOperation(kind, vault, target.Text, string.IsNullOrWhiteSpace(targetName) ? target.Name : targetName,
                statusUrl, locationUrl, null, null, DateTimeOffset.UtcNow)
            {
                JobId = string.IsNullOrWhiteSpace(jobId) ? null : jobId.Trim(),
                TriggeredAt = triggeredAt?.UtcDateTime,
                JobsBefore = jobsBefore == null ? null : new HashSet<string>(jobsBefore.Where(j => !string.IsNullOrEmpty(j)), StringComparer.OrdinalIgnoreCase),
            };
        }

        /// <summary>A saved poll URL, or null: absolute, and on the endpoint this client signs in to (never send the token elsewhere).</summary>
        string PollUrlOnEndpoint(string url, string name)
        {
            if (string.IsNullOrWhiteSpace(url)) return null;
            url = url.Trim();
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                throw new ArgumentException($"{name} '{url}' is not an absolute http(s) URL.", name);
            if (!string.Equals(uri.GetLeftPart(UriPartial.Authority), Endpoint.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"{name} '{url}' is not on the connected endpoint {Endpoint.GetLeftPart(UriPartial.Authority)}: the sign-in is not sent anywhere else. Connect to the cloud the operation was started in.", name);
            return url;
        }
    }
}
