namespace BackupCmdlets.Tests.Support;

/// <summary>A clock that moves only when the test says, for expiry without waiting or racing.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}

/// <summary>A clock that runs <paramref name="scale"/> times faster than real time: an hour of service time in seconds of test.</summary>
public sealed class ScaledClock(double scale) : TimeProvider
{
    readonly DateTimeOffset start = DateTimeOffset.UtcNow;
    readonly global::System.Diagnostics.Stopwatch watch = global::System.Diagnostics.Stopwatch.StartNew();

    public override DateTimeOffset GetUtcNow() => start + TimeSpan.FromTicks((long)(watch.Elapsed.Ticks * scale));
}

/// <summary>Real time plus an offset the test can move forward: set-up runs normally, then a long job ends when the test says.</summary>
public sealed class OffsetClock : TimeProvider
{
    long offsetTicks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}
