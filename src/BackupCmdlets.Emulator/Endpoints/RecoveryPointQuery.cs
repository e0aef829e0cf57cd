using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Emulator.State;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>
/// RecoveryPoints_List and _Get. A SQL database's log backups are not points of their own: they show
/// as one AzureWorkloadSQLPointInTimeRecoveryPoint ("DefaultRangeRecoveryPoint") whose timeRanges
/// say which times can be restored. <c>restorePointQueryType</c> picks the kinds (Log: only that point;
/// FullAndDifferential: none of it); <c>extendedInfo eq 'true'</c> adds the data directories.
/// </summary>
public static class RecoveryPointQuery
{
    static readonly string[] QueryTypes = ["Full", "Log", "Differential", "FullAndDifferential", "All", "Incremental", "SnapshotFull", "SnapshotCopyOnlyFull"];

    public static IEnumerable<JsonNode>? List(VaultRecord v, ProtectedItemRecord i, Dictionary<string, string> filter, DateTimeOffset? from, DateTimeOffset? to, out IResult? error)
    {
        error = null;
        var query = filter.GetValueOrDefault("restorePointQueryType") ?? "All";
        if (!QueryTypes.Contains(query, StringComparer.OrdinalIgnoreCase))
        {
            error = ArmErrors.InvalidInput($"restorePointQueryType '{query}' is not valid.", $"Use one of: {string.Join(", ", QueryTypes)}.");
            return null;
        }
        var extendedText = filter.GetValueOrDefault("extendedInfo");
        if (extendedText != null && !bool.TryParse(extendedText, out _))
        {
            error = ArmErrors.InvalidInput($"extendedInfo '{extendedText}' is not valid; use 'true' or 'false'.");
            return null;
        }
        var extended = extendedText != null && bool.Parse(extendedText);
        bool Wanted(string type) => query.Equals("All", StringComparison.OrdinalIgnoreCase)
            || query.Equals(type, StringComparison.OrdinalIgnoreCase)
            || (query.Equals("FullAndDifferential", StringComparison.OrdinalIgnoreCase) && type is "Full" or "Differential");

        var result = new List<JsonNode>();
        if (i.Workload == Workload.Sql && Wanted("Log"))
        {
            var ranges = EmulatorState.LogRanges(i).Where(r => (from == null || r.End >= from) && (to == null || r.Start <= to)).ToList();
            if (ranges.Count > 0) result.Add(Render.RangePoint(v, i, ranges, extended));
        }
        result.AddRange(i.RecoveryPoints
            .Where(r => !(i.Workload == Workload.Sql && r.Type == "Log"))
            .Where(r => i.Workload != Workload.Sql || Wanted(r.Type) || (r.Type == "CopyOnlyFull" && Wanted("Full")))
            .Where(r => (from == null || r.Time >= from) && (to == null || r.Time <= to))
            .OrderByDescending(r => r.Time)
            .Select(r => (JsonNode)(extended ? Render.RecoveryPointExtended(v, i, r) : Render.RecoveryPoint(v, i, r))));
        return result;
    }

    /// <summary>One point by id, with its extended info; null when there is none of that id.</summary>
    public static JsonObject? Get(VaultRecord v, ProtectedItemRecord i, string id)
    {
        if (i.Workload == Workload.Sql && string.Equals(id, EmulatorState.RangePointName, StringComparison.OrdinalIgnoreCase))
        {
            var ranges = EmulatorState.LogRanges(i);
            return ranges.Count == 0 ? null : Render.RangePoint(v, i, ranges, extended: true);
        }
        var rp = i.RecoveryPoints.FirstOrDefault(r => r.Name == id && !(i.Workload == Workload.Sql && r.Type == "Log"));
        return rp == null ? null : Render.RecoveryPointExtended(v, i, rp);
    }
}
