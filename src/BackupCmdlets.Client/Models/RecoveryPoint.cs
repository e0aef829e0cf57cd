using System;
using System.Text.Json;
using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Client.Models
{
    /// <summary>A recovery point a backup produced.</summary>
    public sealed class RecoveryPoint : BackupResource
    {
        public RecoveryPoint(JsonElement json) : base(json)
        {
            var p = Properties;
            ObjectType = p.Str("objectType");
            RecoveryPointTime = p.Time("recoveryPointTimeInUTC") ?? p.Time("recoveryPointTime"); // workload and VM points name it differently
            RecoveryPointType = p.Str("type") ?? p.Str("recoveryPointType");
            ExpiryTime = p.Prop("recoveryPointProperties").Time("expiryTime");
            ItemName = ResourceId?.Get("protectedItems");
            ContainerName = ResourceId?.Get("protectionContainers");
        }

        /// <summary>The <c>objectType</c> discriminator, kept as sent.</summary>
        public string ObjectType { get; }
        public DateTimeOffset? RecoveryPointTime { get; }
        public string RecoveryPointType { get; }

        /// <summary>When the point expires (<c>recoveryPointProperties.expiryTime</c>), where the service says.</summary>
        public DateTimeOffset? ExpiryTime { get; }
        /// <summary>The protected item's internal name (SQLDataBase;MSSQLSERVER;msdb).</summary>
        public string ItemName { get; }

        /// <summary>The item as a person names it (msdb), from its internal name.</summary>
        public string ItemFriendlyName => Friendly.ItemName(ItemName);
        public string ContainerName { get; }
    }
}
