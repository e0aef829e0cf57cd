using System;
using System.Text.Json;
using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Client.Models
{
    /// <summary>The body of an <c>Azure-AsyncOperation</c> (operationsStatus) poll.</summary>
    public sealed class OperationStatus
    {
        public OperationStatus(JsonElement json)
        {
            var e = (JsonElement?)json;
            Id = e.Str("id");
            Name = e.Str("name");
            Status = e.Str("status");
            StartTime = e.Time("startTime");
            EndTime = e.Time("endTime");
            Error = BackupErrorDetail.From(e.Prop("error"));
            var p = e.Prop("properties");
            ObjectType = p.Str("objectType");
            JobId = p.Str("jobId");
        }

        public string Id { get; }
        public string Name { get; }
        public string Status { get; }
        public DateTimeOffset? StartTime { get; }
        public DateTimeOffset? EndTime { get; }
        public BackupErrorDetail Error { get; }
        public string ObjectType { get; }

        /// <summary>The backup job an on-demand backup started (<c>properties.jobId</c>).</summary>
        public string JobId { get; }

        public bool IsInProgress => Status == null || string.Equals(Status, "InProgress", StringComparison.OrdinalIgnoreCase)
                                                   || string.Equals(Status, "Accepted", StringComparison.OrdinalIgnoreCase)
                                                   || string.Equals(Status, "Running", StringComparison.OrdinalIgnoreCase);
        public bool IsSucceeded => string.Equals(Status, "Succeeded", StringComparison.OrdinalIgnoreCase);
    }
}
