using System;
using System.Linq;
using System.Text.Json;
using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Client.Models
{
    /// <summary>An item the vault protects: a SQL database, a VM, a file share.</summary>
    public sealed class ProtectedItem : BackupResource
    {
        public ProtectedItem(JsonElement json) : base(json)
        {
            var p = Properties;
            ProtectedItemType = p.Str("protectedItemType");
            FriendlyName = p.Str("friendlyName");
            ServerName = p.Str("serverName");
            ParentName = p.Str("parentName");
            WorkloadType = p.Str("workloadType");
            BackupManagementType = p.Str("backupManagementType");
            ProtectionState = p.Str("protectionState");
            ProtectionStatus = p.Str("protectionStatus");
            HealthStatus = p.Str("protectedItemHealthStatus") ?? p.Str("healthStatus");
            LastBackupStatus = p.Str("lastBackupStatus");
            LastBackupTime = p.Time("lastBackupTime");
            LastRecoveryPoint = p.Time("lastRecoveryPoint");
            PolicyId = p.Str("policyId");
            PolicyName = p.Str("policyName") ?? PolicyId?.TrimEnd('/').Split('/')[PolicyId.TrimEnd('/').Split('/').Length - 1];
            SourceResourceId = p.Str("sourceResourceId");
            RecoveryPointCount = p.Prop("extendedInfo").Long("recoveryPointCount");
            // The id names the container as the URL does; properties.containerName may omit its prefix.
            ContainerName = ResourceId?.Get("protectionContainers") ?? p.Str("containerName");
            IsScheduledForDeferredDelete = p.Bool("isScheduledForDeferredDelete") ?? false;
            DeferredDeleteTime = p.Time("deferredDeleteTimeInUTC");
        }

        /// <summary>The <c>protectedItemType</c> discriminator (<c>AzureVmWorkloadSQLDatabase</c>, ...), kept as sent.</summary>
        public string ProtectedItemType { get; }
        public string FriendlyName { get; }
        public string ServerName { get; }
        public string ParentName { get; }
        public string WorkloadType { get; }
        public string BackupManagementType { get; }
        public string ProtectionState { get; }
        public string ProtectionStatus { get; }
        public string HealthStatus { get; }
        public string LastBackupStatus { get; }
        public DateTimeOffset? LastBackupTime { get; }
        public DateTimeOffset? LastRecoveryPoint { get; }
        public string PolicyId { get; }
        public string PolicyName { get; }
        public string SourceResourceId { get; }
        public long? RecoveryPointCount { get; }
        public string ContainerName { get; }

        /// <summary>Soft deleted: its data is kept until <see cref="DeferredDeleteTime"/>, then purged; it can be undeleted until then.</summary>
        public bool IsScheduledForDeferredDelete { get; }
        public DateTimeOffset? DeferredDeleteTime { get; }

        /// <summary><c>ToBeDeleted</c> for a soft-deleted item, else <c>NotDeleted</c>.</summary>
        public string DeleteState => IsScheduledForDeferredDelete ? "ToBeDeleted" : "NotDeleted";

        public bool IsProtectionStopped => string.Equals(ProtectionState, "ProtectionStopped", StringComparison.OrdinalIgnoreCase);

        /// <summary>Where the item lives: a database's server, a VM itself, a file share's storage account (the container's last part).</summary>
        public string HostName => ServerName ?? ContainerName?.Split(';').Last();
    }
}
