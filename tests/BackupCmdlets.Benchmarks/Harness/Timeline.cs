namespace BackupCmdlets.Benchmarks.Harness;

/// <summary>--timeline FILE: every request of a run with its real time since the first, to see where the time went.</summary>
public static class Timeline
{
    public static void Write(string path, IReadOnlyList<LoggedRequest> sent, double clockSpeed)
    {
        if (sent.Count == 0) return;
        // The log stamps requests on the service's clock, which runs clockSpeed times faster than real time.
        var start = sent[0].ReceivedAt;
        File.WriteAllLines(path, sent.Select(r =>
            $"{Report.F((r.ReceivedAt - start).TotalSeconds / clockSpeed, "0.000"),9} {r.Status} {RequestKinds.Of(r),-40} {r.Method} {r.Path}"));
        Console.WriteLine($"  timeline: {path}");
    }
}
