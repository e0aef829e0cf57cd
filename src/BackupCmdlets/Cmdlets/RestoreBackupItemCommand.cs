using System;
using System.Management.Automation;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>
    /// Restore-BackupItem: restores a recovery point. A SQL database over the original, as a new database
    /// on a registered instance, or as files to a directory, from a full or differential point or to a
    /// point in time on the log chain; an Azure VM's disks to a storage account; a file share to its
    /// original place or another share. The request is never retried blindly: one call starts at most one restore.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "BackupItem", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = OriginalSet)]
    [OutputType(typeof(BackupOperation), typeof(BackupJob))]
    public sealed class RestoreBackupItemCommand : AsyncOperationCmdlet
    {
        const string OriginalSet = "OriginalLocation";
        const string DatabaseSet = "AlternateDatabase";
        const string FilesSet = "Files";
        const string DisksSet = "Disks";
        const string ShareSet = "AlternateFileShare";

        /// <summary>The point to restore (Get-BackupRecoveryPoint); for a point in time, the log chain point (Get-BackupRecoveryPoint -LogChain).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public RecoveryPoint RecoveryPoint { get; set; }

        /// <summary>With the log chain point of a SQL database: the time to restore to, inside one of its ranges.
        /// A DateTimeOffset, so that a range's own ends (TimeRanges) pass to the tick; a DateTime or a string converts.</summary>
        [Parameter(ParameterSetName = OriginalSet)]
        [Parameter(ParameterSetName = DatabaseSet)]
        [Parameter(ParameterSetName = FilesSet)]
        public DateTimeOffset? PointInTime { get; set; }

        /// <summary>Restore over the original database or file share.</summary>
        [Parameter(Mandatory = true, ParameterSetName = OriginalSet)]
        public SwitchParameter OriginalLocation { get; set; }

        /// <summary>A SQL database's target VM: a container registered for SQL databases (Get-BackupContainer).</summary>
        [Parameter(Mandatory = true, ParameterSetName = DatabaseSet)]
        [Parameter(Mandatory = true, ParameterSetName = FilesSet)]
        public ProtectionContainer TargetContainer { get; set; }

        /// <summary>The new database's name.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DatabaseSet)]
        public string TargetDatabaseName { get; set; }

        /// <summary>The SQL instance on the target VM.</summary>
        [Parameter(ParameterSetName = DatabaseSet)]
        public string TargetInstance { get; set; } = "MSSQLSERVER";

        /// <summary>Directory on the target VM for the data files (default: the instance's).</summary>
        [Parameter(ParameterSetName = DatabaseSet)]
        public string DataDirectory { get; set; }

        /// <summary>Directory on the target VM for the log files (default: the instance's).</summary>
        [Parameter(ParameterSetName = DatabaseSet)]
        public string LogDirectory { get; set; }

        /// <summary>Replace a database of the target name if there is one.</summary>
        [Parameter(ParameterSetName = DatabaseSet)]
        public SwitchParameter Overwrite { get; set; }

        /// <summary>Restore the backup files, not a database, to this directory on the target VM.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FilesSet)]
        public string TargetDirectory { get; set; }

        /// <summary>An Azure VM's point: restore its disks to this storage account (ARM id).</summary>
        [Parameter(Mandatory = true, ParameterSetName = DisksSet)]
        public string StorageAccountId { get; set; }

        /// <summary>A file share's point: restore into this share of -TargetStorageAccountId.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ShareSet)]
        public string TargetFileShareName { get; set; }

        /// <summary>The storage account (ARM id) of -TargetFileShareName.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ShareSet)]
        public string TargetStorageAccountId { get; set; }

        /// <summary>File shares: what to do with files that already exist at the target (default FailOnConflict).</summary>
        [Parameter(ParameterSetName = OriginalSet)]
        [Parameter(ParameterSetName = ShareSet)]
        [ValidateSet("Overwrite", "Skip", "FailOnConflict", "CreateCopy", IgnoreCase = true)]
        public string ConflictResolution { get; set; }

        RestoreOptions template;

        // What the parameters alone make certainly wrong is refused once, before any point arrives.
        protected override void Begin()
        {
            template = new RestoreOptions { ConflictResolution = Inputs.OneOf(ConflictResolution, RestoreOptions.ConflictOptionNames, nameof(ConflictResolution)) };
            if (PointInTime.HasValue) template.PointInTime = PointInTime.Value.ToUniversalTime();
            switch (ParameterSetName)
            {
                case OriginalSet:
                    template.Target = RestoreTarget.OriginalLocation;
                    break;
                case DatabaseSet:
                    template.Target = RestoreTarget.AlternateDatabase;
                    template.TargetDatabaseName = SqlName(TargetDatabaseName, nameof(TargetDatabaseName));
                    template.TargetInstance = SqlName(TargetInstance, nameof(TargetInstance));
                    template.DataDirectory = Directory(DataDirectory, nameof(DataDirectory));
                    template.LogDirectory = Directory(LogDirectory, nameof(LogDirectory));
                    template.Overwrite = Overwrite.IsPresent;
                    template.TargetContainer = SqlContainer(TargetContainer);
                    break;
                case FilesSet:
                    template.Target = RestoreTarget.Files;
                    template.TargetDirectory = Directory(TargetDirectory, nameof(TargetDirectory));
                    template.TargetContainer = SqlContainer(TargetContainer);
                    break;
                case DisksSet:
                    template.Target = RestoreTarget.Disks;
                    template.StorageAccountId = StorageAccount(StorageAccountId, nameof(StorageAccountId));
                    break;
                case ShareSet:
                    template.Target = RestoreTarget.AlternateFileShare;
                    template.TargetFileShareName = Inputs.Name(TargetFileShareName, nameof(TargetFileShareName));
                    template.TargetStorageAccountId = StorageAccount(TargetStorageAccountId, nameof(TargetStorageAccountId));
                    break;
            }
        }

        static string SqlName(string value, string parameter)
        {
            var name = Inputs.Name(value, parameter);
            if (name.IndexOfAny(new[] { '[', ']', ';', '"', ':', '*', '<', '>', '|' }) >= 0 || name.Length > 128)
                throw new ArgumentException($"-{parameter} '{name}' is not a SQL Server name: at most 128 characters, without [ ] ; \" : * < > |.", parameter);
            return name;
        }

        static string Directory(string value, string parameter)
        {
            if (value == null) return null;
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"-{parameter} must not be empty.", parameter);
            return value.Trim();
        }

        static string StorageAccount(string value, string parameter)
        {
            if (!ArmResourceId.TryParse(value, out var id) || !string.Equals(id.Get("storageAccounts"), id.Name, StringComparison.OrdinalIgnoreCase)
                || (value.IndexOf("/providers/Microsoft.Storage/storageAccounts/", StringComparison.OrdinalIgnoreCase) < 0))
                throw new ArgumentException($"-{parameter} '{value}' is not a storage account's id. Use /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<name>.", parameter);
            return value.Trim();
        }

        ProtectionContainer SqlContainer(ProtectionContainer container)
        {
            if (!string.Equals(container.BackupManagementType, "AzureWorkload", StringComparison.OrdinalIgnoreCase) || container.Id == null)
                throw new ArgumentException($"-TargetContainer '{container.FriendlyName ?? container.Name}' is not a VM registered for SQL databases ({container.BackupManagementType}). Pass one from Get-BackupContainer -BackupManagementType AzureWorkload.", nameof(TargetContainer));
            if (!string.Equals(container.RegistrationStatus, "Registered", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"-TargetContainer '{container.FriendlyName}' is {container.RegistrationStatus}, not registered: register it first (Register-BackupContainer).", nameof(TargetContainer));
            RequireConnectedVault(container, nameof(TargetContainer));
            return container;
        }

        /// <summary>The targets a point's kind can be restored to, from its objectType (before any request).</summary>
        static RestoreTarget[] TargetsOf(RecoveryPoint point)
        {
            var type = point.ObjectType ?? "";
            if (type.StartsWith("AzureWorkloadSQL", StringComparison.OrdinalIgnoreCase)) return new[] { RestoreTarget.OriginalLocation, RestoreTarget.AlternateDatabase, RestoreTarget.Files };
            if (type.StartsWith("IaasVM", StringComparison.OrdinalIgnoreCase)) return new[] { RestoreTarget.Disks };
            if (type.StartsWith("AzureFileShare", StringComparison.OrdinalIgnoreCase)) return new[] { RestoreTarget.OriginalLocation, RestoreTarget.AlternateFileShare };
            return new RestoreTarget[0];
        }

        static readonly string[] How = { "-OriginalLocation", "-TargetContainer and -TargetDatabaseName", "-TargetContainer and -TargetDirectory", "-StorageAccountId", "-TargetFileShareName and -TargetStorageAccountId" };

        protected override void Process()
        {
            var point = RecoveryPoint;
            ForItem(point, "RestoreFailed", () =>
            {
                RequireConnectedVault(point, nameof(RecoveryPoint));
                var targets = TargetsOf(point);
                if (Array.IndexOf(targets, template.Target) < 0)
                    throw new ArgumentException($"Recovery point {point.Name} of '{point.ItemFriendlyName}' ({point.ObjectType}) cannot be restored with {How[(int)template.Target]}. Use {string.Join(", or ", Array.ConvertAll(targets, t => How[(int)t]))}.", nameof(RecoveryPoint));
                var sql = Array.IndexOf(targets, RestoreTarget.AlternateDatabase) >= 0;
                if (!sql && template.PointInTime.HasValue)
                    throw new ArgumentException($"-PointInTime applies to a SQL database's log chain only; '{point.ItemFriendlyName}' is restored from a single point.", nameof(PointInTime));
                if (sql && template.ConflictResolution != null)
                    throw new ArgumentException("-ConflictResolution applies to file shares only; a SQL database restore overwrites only with -OriginalLocation or -Overwrite.", nameof(ConflictResolution));
                RestoreRules.ValidatePoint(point, template.PointInTime, nameof(PointInTime), nameof(RecoveryPoint));
                if (!ShouldProcess(Describe(point), Action())) return;
                Start(point, "RestoreFailed", (client, ct) => client.RestoreAsync(point, template, ct));
            });
        }

        string Describe(RecoveryPoint point) => point.IsPointInTime
            ? $"{point.ItemFriendlyName} as of {template.PointInTime.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (log chain)"
            : $"{point.ItemFriendlyName} from {point.RecoveryPointType} point {point.Name} ({point.RecoveryPointTime?.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z)";

        string Action()
        {
            switch (template.Target)
            {
                case RestoreTarget.OriginalLocation: return "Restore over the original location, overwriting it";
                case RestoreTarget.AlternateDatabase: return $"Restore as database {template.TargetInstance}/{template.TargetDatabaseName} on {TargetContainer.FriendlyName}{(template.Overwrite ? ", overwriting it if it exists" : "")}";
                case RestoreTarget.Files: return $"Restore as files to {template.TargetDirectory} on {TargetContainer.FriendlyName}";
                case RestoreTarget.Disks: return $"Restore the disks to storage account {template.StorageAccountId.Substring(template.StorageAccountId.LastIndexOf('/') + 1)}";
                default: return $"Restore into file share {template.TargetFileShareName} of {template.TargetStorageAccountId.Substring(template.TargetStorageAccountId.LastIndexOf('/') + 1)}";
            }
        }
    }
}
