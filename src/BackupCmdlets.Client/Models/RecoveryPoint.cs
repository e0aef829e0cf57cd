using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Client.Models
{
    /// <summary>A recovery point a backup produced.</summary>
    public sealed class RecoveryPoint : BackupResource
    {
        public RecoveryPoint(JsonElement json) : this(json, null) { }

        /// <summary>A point read for <paramref name="itemFriendlyName"/>: the item's name as the service spells it (SalesDB), which its
        /// internal name, lower case in the service's ids (sqldatabase;mssqlserver;salesdb), does not keep.</summary>
        public RecoveryPoint(JsonElement json, string itemFriendlyName) : base(json)
        {
            this.itemFriendlyName = itemFriendlyName;
            var p = Properties;
            ObjectType = p.Str("objectType");
            RecoveryPointTime = p.Time("recoveryPointTimeInUTC") ?? p.Time("recoveryPointTime"); // workload and VM points name it differently
            RecoveryPointType = p.Str("type") ?? p.Str("recoveryPointType");
            ExpiryTime = p.Prop("recoveryPointProperties").Time("expiryTime");
            ItemName = ResourceId?.Get("protectedItems");
            ContainerName = ResourceId?.Get("protectionContainers");
            TimeRanges = Array(p.Prop("timeRanges")).Select(r => new PointInTimeRange(((JsonElement?)r).Time("startTime"), ((JsonElement?)r).Time("endTime"))).ToList();
            DataDirectories = Array(p.Prop("extendedInfo").Prop("dataDirectoryPaths"))
                .Select(d => new SqlDataDirectory(((JsonElement?)d).Str("type"), ((JsonElement?)d).Str("path"), ((JsonElement?)d).Str("logicalName"))).ToList();
        }

        static IEnumerable<JsonElement> Array(JsonElement? e) =>
            e.HasValue && e.Value.ValueKind == JsonValueKind.Array ? e.Value.EnumerateArray() : Enumerable.Empty<JsonElement>();

        /// <summary>A SQL database's log chain (AzureWorkloadSQLPointInTimeRecoveryPoint): the times it can be restored to; empty for other points.</summary>
        public IReadOnlyList<PointInTimeRange> TimeRanges { get; }

        /// <summary>True for a log chain point: restore it with a point in time inside <see cref="TimeRanges"/>.</summary>
        public bool IsPointInTime => (ObjectType ?? "").IndexOf("PointInTime", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>A SQL point's database files (extendedInfo.dataDirectoryPaths), where the service sends them: a single point's GET.</summary>
        public IReadOnlyList<SqlDataDirectory> DataDirectories { get; }

        /// <summary>The <c>objectType</c> discriminator, kept as sent.</summary>
        public string ObjectType { get; }
        public DateTimeOffset? RecoveryPointTime { get; }
        public string RecoveryPointType { get; }

        /// <summary>When the point expires (<c>recoveryPointProperties.expiryTime</c>), where the service says.</summary>
        public DateTimeOffset? ExpiryTime { get; }
        /// <summary>The protected item's internal name (SQLDataBase;MSSQLSERVER;msdb).</summary>
        public string ItemName { get; }

        /// <summary>The item as a person names it (msdb), from its internal name.</summary>
        public string ItemFriendlyName => itemFriendlyName ?? Friendly.ItemName(ItemName);
        readonly string itemFriendlyName;
        public string ContainerName { get; }
    }

    /// <summary>A span of time a SQL database's log backups can restore to (startTime to endTime, UTC).</summary>
    public sealed class PointInTimeRange
    {
        public PointInTimeRange(DateTimeOffset? start, DateTimeOffset? end)
        {
            Start = start;
            End = end;
        }

        public DateTimeOffset? Start { get; }
        public DateTimeOffset? End { get; }
        public bool Contains(DateTimeOffset t) => Start <= t && t <= End;
        public override string ToString() => $"{Start?.UtcDateTime:yyyy-MM-dd HH:mm:ss} - {End?.UtcDateTime:yyyy-MM-dd HH:mm:ss}";
    }

    /// <summary>A file of a SQL database at backup time: Data or Log, its path and logical name.</summary>
    public sealed class SqlDataDirectory
    {
        public SqlDataDirectory(string type, string path, string logicalName)
        {
            Type = type;
            Path = path;
            LogicalName = logicalName;
        }

        public string Type { get; }
        public string Path { get; }
        public string LogicalName { get; }
        public override string ToString() => $"{Type} {LogicalName}: {Path}";
    }
}
