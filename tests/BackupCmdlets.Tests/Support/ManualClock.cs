namespace BackupCmdlets.Tests.Support;

/// <summary>A clock that moves only when the test says, for expiry without waiting or racing.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
