namespace BackupCmdlets.Benchmarks.Harness;

/// <summary>--timeline FILE: every request of a run with its real time since the first, to see where the time went.</summary>
public static class Timeline
{
    public static void Write(string path, IReadOnlyList<LoggedRequest> sent, double clockSpeed)
    {
        if (sent.Count == 0) return;
        // Real arrival time where the emulator gives it; else the service's clock, clockSpeed times faster than real time.
        double Seconds(LoggedRequest r) => r.ServedFrom is { } real && sent[0].ServedFrom is { } first
            ? (real - first).TotalSeconds : (r.ReceivedAt - sent[0].ReceivedAt).TotalSeconds / clockSpeed;
        File.WriteAllLines(path, sent.Select(r => $"{Report.F(Seconds(r), "0.000"),9} {r.Status} {RequestKinds.Of(r),-40} {r.Method} {r.Path}"));
        Console.WriteLine($"  timeline: {path}");
    }
}
