namespace BackupCmdlets.Emulator.State;

/// <summary>
/// The service's time when <see cref="EmulatorSettings.ClockSpeed"/> is not 1: it starts at the base clock's now and
/// runs <c>speed</c> times faster, so an hour-long job ends in seconds. Built on the base clock, a test's manual clock still drives it.
/// </summary>
public sealed class ServiceClock : TimeProvider
{
    readonly TimeProvider inner;
    readonly double speed;
    readonly DateTimeOffset start;

    public ServiceClock(TimeProvider inner, double speed)
    {
        if (!(speed > 0) || double.IsInfinity(speed)) throw new ArgumentOutOfRangeException(nameof(speed), speed, "The clock speed must be a positive number.");
        this.inner = inner;
        this.speed = speed;
        start = inner.GetUtcNow();
    }

    public static TimeProvider For(EmulatorSettings settings) =>
        settings.ClockSpeed == 1 ? settings.Clock : new ServiceClock(settings.Clock, settings.ClockSpeed);

    public override DateTimeOffset GetUtcNow() => start + TimeSpan.FromTicks((long)((inner.GetUtcNow() - start).Ticks * speed));

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;
}
