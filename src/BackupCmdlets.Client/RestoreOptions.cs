using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BackupCmdlets.Client.Models;

namespace BackupCmdlets.Client
{
    /// <summary>Where a restore puts the data.</summary>
    public enum RestoreTarget
    {
        /// <summary>Over the original: a SQL database or a file share where it was backed up.</summary>
        OriginalLocation,
        /// <summary>A SQL database as a new database on a registered instance (AzureWorkloadSQLRestoreRequest, AlternateLocation).</summary>
        AlternateDatabase,
        /// <summary>A SQL database's backup files to a directory on a registered VM (recoveryMode FileRecovery).</summary>
        Files,
        /// <summary>An Azure VM's disks to a storage account (IaasVMRestoreRequest, RestoreDisks).</summary>
        Disks,
        /// <summary>A file share to another share (AzureFileShareRestoreRequest, AlternateLocation).</summary>
        AlternateFileShare,
    }

    /// <summary>What a restore should do. Which fields apply depends on <see cref="Target"/>.</summary>
    public sealed class RestoreOptions
    {
        public RestoreTarget Target { get; set; }

        /// <summary>For a SQL log chain point: the time to restore to (UTC), inside one of its ranges.</summary>
        public DateTimeOffset? PointInTime { get; set; }

        /// <summary>A SQL database's target VM (AlternateDatabase, Files): a container registered for SQL databases.</summary>
        public ProtectionContainer TargetContainer { get; set; }

        /// <summary>AlternateDatabase: the SQL instance on the target VM (MSSQLSERVER) and the new database's name.</summary>
        public string TargetInstance { get; set; }
        public string TargetDatabaseName { get; set; }

        /// <summary>AlternateDatabase: directories on the target VM for the data and log files (the instance's defaults when null).</summary>
        public string DataDirectory { get; set; }
        public string LogDirectory { get; set; }

        /// <summary>AlternateDatabase: replace a database of that name if there is one (overwriteOption Overwrite).</summary>
        public bool Overwrite { get; set; }

        /// <summary>Files: the directory on the target VM.</summary>
        public string TargetDirectory { get; set; }

        /// <summary>Disks: the storage account the disks are restored to (its ARM id).</summary>
        public string StorageAccountId { get; set; }

        /// <summary>AlternateFileShare: the target share and its storage account's ARM id.</summary>
        public string TargetFileShareName { get; set; }
        public string TargetStorageAccountId { get; set; }

        /// <summary>File shares: what to do with files that exist at the target (Overwrite, Skip, FailOnConflict, CreateCopy).</summary>
        public string ConflictResolution { get; set; }

        /// <summary>The values of <see cref="ConflictResolution"/> (the spec's CopyOptions).</summary>
        public static readonly string[] ConflictOptionNames = { "Overwrite", "Skip", "FailOnConflict", "CreateCopy" };
    }

    /// <summary>What a restore is refused for before any request: the target kind does not fit the item, or the time is outside the log chain.</summary>
    public static class RestoreRules
    {
        /// <summary>The workload of an item in words and the targets it can be restored to.</summary>
        public static RestoreTarget[] TargetsFor(ProtectedItem item)
        {
            switch ((item?.BackupManagementType ?? "").ToUpperInvariant())
            {
                case "AZUREWORKLOAD": return new[] { RestoreTarget.OriginalLocation, RestoreTarget.AlternateDatabase, RestoreTarget.Files };
                case "AZUREIAASVM": return new[] { RestoreTarget.Disks };
                case "AZURESTORAGE": return new[] { RestoreTarget.OriginalLocation, RestoreTarget.AlternateFileShare };
                default: return new RestoreTarget[0];
            }
        }

        /// <summary>Refuses a point in time outside every log range (naming the nearest), or one given for a point that is not the log chain.</summary>
        public static void ValidatePoint(RecoveryPoint point, DateTimeOffset? pointInTime, string timeParameter = "PointInTime", string pointParameter = "RecoveryPoint")
        {
            if (point == null) throw new ArgumentNullException(nameof(point));
            if (!point.IsPointInTime)
            {
                if (pointInTime.HasValue)
                    throw new ArgumentException($"-{timeParameter} needs a database's log chain; recovery point {point.Name} ({point.RecoveryPointType} at {Shown(point.RecoveryPointTime)}) is a single point. Get the log chain with Get-BackupRecoveryPoint -LogChain.", timeParameter);
                return;
            }
            if (!pointInTime.HasValue)
                throw new ArgumentException($"Recovery point {point.Name} is the log chain ({Ranges(point.TimeRanges)}): say which time to restore to with -{timeParameter}.", timeParameter);
            if (point.TimeRanges.Count == 0)
                throw new ArgumentException($"Recovery point {point.Name} has no log ranges to restore to.", pointParameter);
            var t = pointInTime.Value;
            if (point.TimeRanges.Any(r => r.Contains(t))) return;
            var before = point.TimeRanges.Where(r => r.End < t).OrderByDescending(r => r.End).FirstOrDefault();
            var after = point.TimeRanges.Where(r => r.Start > t).OrderBy(r => r.Start).FirstOrDefault();
            var nearest = new[] { before, after }.Where(r => r != null).ToList();
            throw new ArgumentException($"-{timeParameter} {Shown(t)} is outside every log range of this database. Nearest: {Ranges(nearest)}. Choose a time inside one of them.", timeParameter);
        }

        static string Ranges(IEnumerable<PointInTimeRange> ranges) => string.Join("; ", ranges.Select(r => $"{Shown(r.Start)} to {Shown(r.End)}"));

        internal static string Shown(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "(unknown)";
    }
}
