using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Xml;
using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Client.Models
{
    /// <summary>A backup job: what the service does after an operation hands over (backup, restore, ...).</summary>
    public sealed class BackupJob : BackupResource
    {
        static readonly string[] Terminal = { "Completed", "CompletedWithWarnings", "Failed", "Cancelled" };

        public BackupJob(JsonElement json) : base(json)
        {
            var p = Properties;
            JobType = p.Str("jobType");
            Operation = p.Str("operation");
            Status = p.Str("status");
            EntityFriendlyName = p.Str("entityFriendlyName");
            BackupManagementType = p.Str("backupManagementType");
            WorkloadType = p.Str("workloadType");
            StartTime = p.Time("startTime");
            EndTime = p.Time("endTime");
            ActivityId = p.Str("activityId");
            ContainerName = p.Str("containerName");
            StorageAccountName = p.Str("storageAccountName");
            var duration = p.Str("duration");
            if (duration != null)
            {
                try { Duration = XmlConvert.ToTimeSpan(duration); }
                catch (FormatException) { /* an unreadable duration is left out, not fatal */ }
            }
            var bag = p.Prop("extendedInfo").Prop("propertyBag");
            BackupType = bag.Str("Backup Type");
            var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (bag is JsonElement b && b.ValueKind == JsonValueKind.Object)
                foreach (var entry in b.EnumerateObject())
                    if (entry.Value.ValueKind == JsonValueKind.String) properties[entry.Name] = entry.Value.GetString();
            PropertyBag = properties;
            var errors = new List<BackupErrorDetail>();
            if (p.Prop("errorDetails") is JsonElement list && list.ValueKind == JsonValueKind.Array)
                errors.AddRange(list.EnumerateArray().Select(e => BackupErrorDetail.From(e)).Where(e => e != null));
            ErrorDetails = errors;
        }

        /// <summary>The job id (the last segment of <see cref="BackupResource.Id"/>).</summary>
        public string JobId => Name;

        /// <summary>The <c>jobType</c> discriminator (<c>AzureWorkloadJob</c>, <c>AzureIaaSVMJob</c>, ...), kept as sent.</summary>
        public string JobType { get; }
        public string Operation { get; }
        public string Status { get; }
        public string EntityFriendlyName { get; }
        public string BackupManagementType { get; }
        public string WorkloadType { get; }
        public string BackupType { get; }
        public DateTimeOffset? StartTime { get; }
        public DateTimeOffset? EndTime { get; }
        public TimeSpan? Duration { get; }
        public string ActivityId { get; }

        /// <summary>VM jobs name their container (<c>iaasvmcontainerv2;rg;vm</c>); file share jobs their storage account.</summary>
        public string ContainerName { get; }
        public string StorageAccountName { get; }
        public IReadOnlyList<BackupErrorDetail> ErrorDetails { get; }

        /// <summary>The job's extendedInfo.propertyBag, as sent.</summary>
        public IReadOnlyDictionary<string, string> PropertyBag { get; }

        public bool IsTerminal => Status != null && Terminal.Contains(Status, StringComparer.OrdinalIgnoreCase);
        public bool IsSuccessful => string.Equals(Status, "Completed", StringComparison.OrdinalIgnoreCase)
                                 || string.Equals(Status, "CompletedWithWarnings", StringComparison.OrdinalIgnoreCase);
    }
}
