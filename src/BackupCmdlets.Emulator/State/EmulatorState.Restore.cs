using BackupCmdlets.Emulator.Seed;

namespace BackupCmdlets.Emulator.State;

/// <summary>What a restore leaves behind, and the log ranges a SQL database's log backups make.</summary>
public sealed partial class EmulatorState
{
    /// <summary>The name the service gives the one point-in-time point of a database's log chain.</summary>
    public const string RangePointName = "DefaultRangeRecoveryPoint";

    /// <summary>Where each running restore job puts its database, by job id (none for a restore as files or over the original).</summary>
    public Dictionary<string, RestoredDatabase> RestoreTargets { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Databases restored to an instance that no inquiry has seen yet.</summary>
    public List<RestoredDatabase> UnseenDatabases { get; } = new();

    void CompleteRestore(JobRecord job)
    {
        if (RestoreTargets.Remove(job.Id, out var target) && !target.Instance.Databases.Contains(target.Database, StringComparer.OrdinalIgnoreCase))
            UnseenDatabases.Add(target);
    }

    /// <summary>A restored database exists on its VM from the job's end, but the vault lists it only after the next inquiry of that VM.</summary>
    void RevealRestoredDatabases(ContainerRecord inquired)
    {
        foreach (var db in UnseenDatabases.Where(d => d.Vm == inquired.Vm).ToList())
        {
            if (!db.Instance.Databases.Contains(db.Database, StringComparer.OrdinalIgnoreCase)) db.Instance.Databases.Add(db.Database);
            UnseenDatabases.Remove(db);
        }
    }

    /// <summary>
    /// The times a SQL database can be restored to: from a full backup to the last log backup after it.
    /// Every log backup continues the chain of the one before, so a chain breaks only where no full
    /// backup precedes the logs.
    /// </summary>
    public static List<(DateTimeOffset Start, DateTimeOffset End)> LogRanges(ProtectedItemRecord item)
    {
        var ranges = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        DateTimeOffset? chainStart = null, chainEnd = null;
        foreach (var rp in item.RecoveryPoints.OrderBy(r => r.Time))
        {
            if (rp.Type == "Full" && chainStart == null) chainStart = rp.Time;
            else if (rp.Type == "Log" && chainStart != null) chainEnd = rp.Time;
        }
        if (chainStart is { } start && chainEnd is { } end) ranges.Add((start, end));
        return ranges;
    }
}

/// <summary>A database a restore creates on a VM's SQL instance.</summary>
public sealed record RestoredDatabase(SeedVirtualMachine Vm, SeedSqlInstance Instance, string Database);
