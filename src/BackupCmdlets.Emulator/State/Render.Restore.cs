using System.Text.Json.Nodes;

namespace BackupCmdlets.Emulator.State;

/// <summary>A SQL database's point-in-time recovery point and the data directories a restore maps.</summary>
public static partial class Render
{
    /// <summary>AzureWorkloadSQLPointInTimeRecoveryPoint: the log chain as timeRanges.</summary>
    public static JsonObject RangePoint(VaultRecord v, ProtectedItemRecord i, IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> ranges, bool extended)
    {
        var properties = new JsonObject
        {
            ["objectType"] = "AzureWorkloadSQLPointInTimeRecoveryPoint",
            ["type"] = "Log",
            ["timeRanges"] = new JsonArray(ranges.Select(r => (JsonNode)new JsonObject { ["startTime"] = Time(r.Start), ["endTime"] = Time(r.End) }).ToArray()),
        };
        if (extended) properties["extendedInfo"] = DataDirectories(i);
        return new JsonObject
        {
            ["id"] = $"{ProtectedItemId(v, i.ContainerName, i.Name)}/recoveryPoints/{EmulatorState.RangePointName}",
            ["name"] = EmulatorState.RangePointName,
            ["type"] = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints",
            ["properties"] = properties,
        };
    }

    /// <summary>A SQL point with its extendedInfo (what a single GET, or a list with extendedInfo, returns).</summary>
    public static JsonObject RecoveryPointExtended(VaultRecord v, ProtectedItemRecord i, RecoveryPointRecord rp)
    {
        var body = RecoveryPoint(v, i, rp);
        if (i.Workload == Workload.Sql) ((JsonObject)body["properties"]!)["extendedInfo"] = DataDirectories(i);
        return body;
    }

    /// <summary>AzureWorkloadSQLRecoveryPointExtendedInfo: the database's files, whose logical names an alternate-location restore maps.</summary>
    static JsonObject DataDirectories(ProtectedItemRecord i) => new()
    {
        ["dataDirectoryTimeInUTC"] = Time(i.RecoveryPoints.Count > 0 ? i.RecoveryPoints.Max(r => r.Time) : DateTimeOffset.UnixEpoch),
        ["dataDirectoryPaths"] = new JsonArray(
            new JsonObject { ["type"] = "Data", ["path"] = $@"F:\Data\{i.FriendlyName}.mdf", ["logicalName"] = i.FriendlyName },
            new JsonObject { ["type"] = "Log", ["path"] = $@"F:\Log\{i.FriendlyName}_log.ldf", ["logicalName"] = i.FriendlyName + "_log" }),
    };

    /// <summary>The logical file names of a database's recovery points.</summary>
    public static string[] LogicalNames(ProtectedItemRecord i) => [i.FriendlyName, i.FriendlyName + "_log"];
}
