using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;

namespace BackupCmdlets.Client
{
    // Restores_Trigger. Like the backup trigger, a restore POST is not idempotent (sent twice, it could
    // restore twice, or overwrite a database the first restore just made), so it is never retried
    // blindly: a 429 is sent again after Retry-After; after an ambiguous failure the item's restore
    // jobs are read first, and only when none was started is the request sent again.
    public sealed partial class BackupClient
    {
        /// <summary>
        /// POST restore: starts one restore from <paramref name="point"/>, at most one whatever fails on the way.
        /// Returns the accepted operation (its result is the restore job), or, when an ambiguous failure turns
        /// out to have started the restore, an operation already completed with that job.
        /// </summary>
        public async Task<BackupOperation> RestoreAsync(RecoveryPoint point, RestoreOptions options, CancellationToken cancellationToken = default)
        {
            if (point?.ResourceId == null || point.VaultId == null) throw new ArgumentException("The recovery point has no id: pass one returned by the service.", nameof(point));
            if (options == null) throw new ArgumentNullException(nameof(options));
            RestoreRules.ValidatePoint(point, options.PointInTime, nameof(options.PointInTime), nameof(point));
            var itemId = point.ResourceId.Text.Substring(0, point.ResourceId.Text.LastIndexOf("/recoveryPoints/", StringComparison.OrdinalIgnoreCase));
            var item = new ProtectedItem(await GetJsonAsync(Url(EscapePath(itemId)), cancellationToken).ConfigureAwait(false));
            if (!RestoreRules.TargetsFor(item).Contains(options.Target))
                throw new ArgumentException($"'{item.FriendlyName}' ({item.BackupManagementType}) cannot be restored to {options.Target}; it takes: {string.Join(", ", RestoreRules.TargetsFor(item))}.", nameof(options));
            var body = await RestoreBodyAsync(item, point, options, cancellationToken).ConfigureAwait(false);
            var path = point.ResourceId.Text;
            var name = item.FriendlyName ?? item.Name;

            // As for a backup: no job list first; the operation names its job, and only an ambiguous answer makes the client look.
            var triggeredAt = DateTimeOffset.UtcNow;
            var throttled = 0;
            for (var attempt = 1; ; )
            {
                try
                {
                    var reply = await SendAsync(RequestMethod.Post, Url(EscapePath(path) + "/restore"), body, cancellationToken, retriable: false).ConfigureAwait(false);
                    var operation = Accepted(reply, BackupOperationKind.Restore, item.VaultId, item.Id, name);
                    operation.TriggeredAt = triggeredAt.UtcDateTime;
                    return operation;
                }
                catch (BackupServiceException e) when (e.Status == 429 && throttled++ < this.options.Retry.MaxRetries)
                {
                    await DelayUntil(DateTimeOffset.UtcNow + (e.RetryAfter ?? this.options.Retry.Delay), cancellationToken).ConfigureAwait(false);
                }
                catch (BackupException e) when (IsAmbiguous(e, attempt) && !cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(this.options.AmbiguousTriggerCheckDelay, cancellationToken).ConfigureAwait(false);
                    var started = await FindStartedJobAsync("Restore", item.VaultId, item.FriendlyName, item.ContainerName, item.BackupManagementType, triggeredAt, null, cancellationToken).ConfigureAwait(false);
                    if (started != null)
                        return BackupOperation.Completed(BackupOperationKind.Restore, item.VaultId, item.Id, name, started, started.JobId);
                    if (attempt >= this.options.MaxTriggerAttempts)
                        throw new BackupException($"The restore of '{name}' could not be started: {attempt} attempts failed and no restore job was started by them. Last failure: {e.Message}",
                            new BackupErrorDetail(e.ErrorCode, e.ServiceMessage, e.Recommendations), e.RequestId, e.Status, e);
                    attempt++;
                }
            }
        }

        /// <summary>The restore job of a finished restore operation: named by the service, else the item's new restore job.</summary>
        async Task<object> RestoreJobAsync(BackupOperation operation, string jobId, CancellationToken cancellationToken)
        {
            if (!string.IsNullOrEmpty(jobId)) return await ReadJobAsync(operation.Vault, jobId, cancellationToken).ConfigureAwait(false);
            var item = new ProtectedItem(await GetJsonAsync(Url(EscapePath(operation.TargetId)), cancellationToken).ConfigureAwait(false));
            return await FindStartedJobAsync("Restore", item.VaultId, item.FriendlyName, item.ContainerName, item.BackupManagementType, TriggeredAt(operation), operation.JobsBefore, cancellationToken).ConfigureAwait(false)
                ?? throw new BackupOperationException(operation, $"The restore of '{operation.TargetName}' was accepted, but neither the service nor the item's job list names the job it started.");
        }

        /// <summary>The request body, in the kind the spec defines for the item's workload.</summary>
        async Task<byte[]> RestoreBodyAsync(ProtectedItem item, RecoveryPoint point, RestoreOptions o, CancellationToken cancellationToken)
        {
            switch ((item.BackupManagementType ?? "").ToUpperInvariant())
            {
                case "AZUREWORKLOAD":
                    // The item names its VM in a form of its own; the container names it by its ARM id.
                    var source = await GetContainerAsync(item.VaultId, item.ContainerName, item.ResourceId.Get("backupFabrics") ?? "Azure", cancellationToken).ConfigureAwait(false);
                    // The file mapping needs the point's data directories, which only a single point's GET carries.
                    var directories = o.Target == RestoreTarget.AlternateDatabase && (o.DataDirectory != null || o.LogDirectory != null)
                        ? (point.DataDirectories.Count > 0 ? point : await GetRecoveryPointAsync(item, point.Name, cancellationToken).ConfigureAwait(false)).DataDirectories
                        : (IReadOnlyList<SqlDataDirectory>)new SqlDataDirectory[0];
                    return SqlBody(item, source, point, o, directories);
                case "AZUREIAASVM":
                    var vault = await GetVaultAsync(item.VaultId, cancellationToken).ConfigureAwait(false);
                    return JsonBody(w =>
                    {
                        w.WriteStartObject("properties");
                        w.WriteString("objectType", "IaasVMRestoreRequest");
                        w.WriteString("recoveryPointId", point.Name);
                        w.WriteString("recoveryType", "RestoreDisks");
                        w.WriteString("sourceResourceId", item.SourceResourceId);
                        w.WriteString("storageAccountId", o.StorageAccountId);
                        w.WriteString("region", vault.Location);
                        w.WriteBoolean("createNewCloudService", false);
                        w.WriteBoolean("originalStorageAccountOption", false);
                        w.WriteStartObject("encryptionDetails");
                        w.WriteBoolean("encryptionEnabled", false);
                        w.WriteEndObject();
                        w.WriteEndObject();
                    });
                default:
                    return JsonBody(w =>
                    {
                        w.WriteStartObject("properties");
                        w.WriteString("objectType", "AzureFileShareRestoreRequest");
                        w.WriteString("recoveryType", o.Target == RestoreTarget.OriginalLocation ? "OriginalLocation" : "AlternateLocation");
                        w.WriteString("sourceResourceId", item.SourceResourceId);
                        w.WriteString("copyOptions", o.ConflictResolution ?? "FailOnConflict");
                        w.WriteString("restoreRequestType", "FullShareRestore");
                        if (o.Target == RestoreTarget.AlternateFileShare)
                        {
                            w.WriteStartObject("targetDetails");
                            w.WriteString("name", o.TargetFileShareName);
                            w.WriteString("targetResourceId", o.TargetStorageAccountId);
                            w.WriteEndObject();
                        }
                        w.WriteEndObject();
                    });
            }
        }

        static byte[] SqlBody(ProtectedItem item, ProtectionContainer source, RecoveryPoint point, RestoreOptions o, IReadOnlyList<SqlDataDirectory> directories) => JsonBody(w =>
        {
            w.WriteStartObject("properties");
            w.WriteString("objectType", point.IsPointInTime ? "AzureWorkloadSQLPointInTimeRestoreRequest" : "AzureWorkloadSQLRestoreRequest");
            w.WriteString("recoveryType", o.Target == RestoreTarget.OriginalLocation ? "OriginalLocation" : "AlternateLocation");
            w.WriteString("sourceResourceId", source.SourceResourceId);
            if (point.IsPointInTime) w.WriteString("pointInTime", o.PointInTime.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("recoveryMode", o.Target == RestoreTarget.Files ? "FileRecovery" : "WorkloadRecovery");
            w.WriteBoolean("shouldUseAlternateTargetLocation", o.Target != RestoreTarget.OriginalLocation);
            w.WriteBoolean("isNonRecoverable", false);
            var target = o.Target == RestoreTarget.OriginalLocation ? source : o.TargetContainer;
            if (o.Target != RestoreTarget.OriginalLocation) w.WriteString("targetVirtualMachineId", target.SourceResourceId);
            w.WriteStartObject("targetInfo");
            w.WriteString("overwriteOption", o.Target == RestoreTarget.OriginalLocation || o.Overwrite ? "Overwrite" : "FailOnConflict");
            w.WriteString("containerId", target.Id);
            if (o.Target == RestoreTarget.Files) w.WriteString("targetDirectoryForFileRestore", o.TargetDirectory);
            else if (o.Target == RestoreTarget.OriginalLocation) w.WriteString("databaseName", $"{item.ParentName}/{item.FriendlyName}");
            else w.WriteString("databaseName", $"{o.TargetInstance}/{o.TargetDatabaseName}");
            w.WriteEndObject();
            var mapped = directories.Where(d => DirectoryFor(d, o) != null).ToList();
            if (mapped.Count > 0)
            {
                w.WriteStartArray("alternateDirectoryPaths");
                foreach (var d in mapped)
                {
                    w.WriteStartObject();
                    w.WriteString("mappingType", d.Type);
                    w.WriteString("sourceLogicalName", d.LogicalName);
                    w.WriteString("sourcePath", d.Path);
                    w.WriteString("targetPath", TargetPath(d, DirectoryFor(d, o), item.FriendlyName, o.TargetDatabaseName));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        });

        static string DirectoryFor(SqlDataDirectory d, RestoreOptions o) =>
            string.Equals(d.Type, "Log", StringComparison.OrdinalIgnoreCase) ? o.LogDirectory : o.DataDirectory;

        /// <summary>The file's name with the source database's name replaced by the new one (SalesDB_log.ldf -> SalesDB2_log.ldf), in the new directory.</summary>
        internal static string TargetPath(SqlDataDirectory d, string directory, string sourceDatabase, string targetDatabase)
        {
            var file = (d.Path ?? d.LogicalName ?? "").Split('\\', '/').Last();
            file = !string.IsNullOrEmpty(sourceDatabase) && file.StartsWith(sourceDatabase, StringComparison.OrdinalIgnoreCase)
                ? targetDatabase + file.Substring(sourceDatabase.Length)
                : targetDatabase + "_" + file;
            var separator = directory.Contains("/") && !directory.Contains("\\") ? "/" : "\\";
            return directory.TrimEnd('\\', '/') + separator + file;
        }
    }
}
