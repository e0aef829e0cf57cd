using System;
using System.Linq;
using System.Text.Json;
using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Client.Models
{
    /// <summary>A container registered (or being registered) with the vault: a VM running SQL Server, a storage account, ...</summary>
    public sealed class ProtectionContainer : BackupResource
    {
        public ProtectionContainer(JsonElement json) : base(json)
        {
            var p = Properties;
            FriendlyName = p.Str("friendlyName");
            BackupManagementType = p.Str("backupManagementType");
            RegistrationStatus = p.Str("registrationStatus");
            HealthStatus = p.Str("healthStatus");
            ContainerType = p.Str("containerType");
            SourceResourceId = p.Str("sourceResourceId");
            WorkloadType = p.Str("workloadType");
            LastUpdatedTime = p.Time("lastUpdatedTime");
            var ext = p.Prop("extendedInfo");
            HostServerName = ext.Str("hostServerName");
            var inquiry = ext.Prop("inquiryInfo");
            InquiryStatus = inquiry.Str("status");
            // A good inquiry reports errorDetail {code: "Success"}: that is no error, and shown as one it reads "InquiryError : Success:".
            var error = BackupErrorDetail.From(inquiry.Prop("errorDetail"));
            InquiryError = error != null && string.Equals(error.Code, "Success", StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(error.Message) ? null : error;
            if (inquiry.Prop("inquiryDetails") is JsonElement details && details.ValueKind == JsonValueKind.Array)
                InquiryItemCount = details.EnumerateArray().Select(d => ((JsonElement?)d).Long("itemCount") ?? 0).Sum();
        }

        public string FriendlyName { get; }
        public string BackupManagementType { get; }
        public string RegistrationStatus { get; }
        public string HealthStatus { get; }

        /// <summary>The <c>containerType</c> discriminator, kept as sent.</summary>
        public string ContainerType { get; }
        public string SourceResourceId { get; }
        public string WorkloadType { get; }
        public DateTimeOffset? LastUpdatedTime { get; }
        public string HostServerName { get; }

        /// <summary>Status of the last inquiry (<c>Success</c>, <c>Failed</c>), or null before any inquiry.</summary>
        public string InquiryStatus { get; }
        public long? InquiryItemCount { get; }
        /// <summary>Why the last inquiry failed; null when it succeeded.</summary>
        public BackupErrorDetail InquiryError { get; }

        /// <summary>SQL, SAPHana, ...: what the container holds, in a word.</summary>
        public string Workload => Friendly.Workload(WorkloadType, BackupManagementType);

        public bool IsRegistered => string.Equals(RegistrationStatus, "Registered", StringComparison.OrdinalIgnoreCase);
        public bool InquiryFailed => InquiryStatus != null && !string.Equals(InquiryStatus, "Success", StringComparison.OrdinalIgnoreCase);
    }
}
