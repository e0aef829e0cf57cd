using System.Text.Json;
using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Client.Models
{
    /// <summary>A backup policy of the vault.</summary>
    public sealed class BackupPolicy : BackupResource
    {
        public BackupPolicy(JsonElement json) : base(json)
        {
            var p = Properties;
            BackupManagementType = p.Str("backupManagementType");
            WorkloadType = p.Str("workLoadType");
            ProtectedItemsCount = p.Long("protectedItemsCount");
            TimeZone = p.Prop("settings").Str("timeZone");
        }

        /// <summary>The <c>backupManagementType</c> discriminator of the policy, kept as sent.</summary>
        public string BackupManagementType { get; }
        public string WorkloadType { get; }
        public long? ProtectedItemsCount { get; }
        public string TimeZone { get; }
    }
}
