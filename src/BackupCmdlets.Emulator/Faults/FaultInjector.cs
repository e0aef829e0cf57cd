namespace BackupCmdlets.Emulator.Faults;

/// <summary>Decides, request by request, which fault rule (if any) strikes. Thread-safe; random choices use a fixed seed.</summary>
public sealed class FaultInjector
{
    readonly object sync = new();
    readonly List<FaultRule> rules = new();
    readonly Random random;

    public FaultInjector(int seed = 20261122) => random = new Random(seed);

    public void Set(IEnumerable<FaultRule> newRules)
    {
        lock (sync)
        {
            rules.Clear();
            rules.AddRange(newRules);
        }
    }

    public void Add(FaultRule rule)
    {
        lock (sync) rules.Add(rule);
    }

    public void Clear() => Set(Array.Empty<FaultRule>());

    public IReadOnlyList<FaultRule> Rules
    {
        get { lock (sync) return rules.ToArray(); }
    }

    /// <summary>The first rule that strikes this request, counting it; null when none does.</summary>
    public FaultRule? Next(string method, string path)
    {
        lock (sync)
        {
            FaultRule? struck = null;
            foreach (var rule in rules)
            {
                var armed = rule.IsArmed;
                rule.Observe(method, path);
                if (struck != null || !armed || !rule.Matches(method, path)) continue;
                if (rule.Seen++ < rule.Skip) continue;
                if (rule.Times is int times && rule.Struck >= times) continue;
                if (rule.Probability is double p && random.NextDouble() >= p) continue;
                rule.Struck++;
                struck = rule;
            }
            return struck;
        }
    }
}
