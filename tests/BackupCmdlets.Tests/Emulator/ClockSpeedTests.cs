using System.Net;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>ClockSpeed: the service's time runs faster than the clock it is built on; ARM's buckets do not.</summary>
public class ClockSpeedTests
{
    const string Refresh = RawArm.VaultPath + "/backupFabrics/Azure/refreshContainers?api-version=2016-12-01&$filter=backupManagementType eq 'AzureWorkload'";

    [Fact]
    public async Task An_hour_long_operation_ends_after_a_minute_at_speed_60_while_the_write_bucket_refills_at_ARMs_rate()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var settings = TestEmulator.FastSettings();
        settings.Clock = clock;
        settings.ClockSpeed = 60;
        settings.OperationDuration = TimeSpan.FromHours(1);
        settings.Throttling.WriteBurst = 1;
        settings.Throttling.WritesPerSecond = 1.0 / 120; // a token every two minutes of real time
        await using var host = await TestEmulator.StartAsync(settings);
        using var arm = await RawArm.SignedInAsync(host);
        var start = host.State.Now;

        var refresh = await arm.Send(HttpMethod.Post, Refresh);
        var poll = refresh.Headers.Location!.PathAndQuery;
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HttpStatusCode.Accepted, (await arm.Get(poll)).StatusCode); // 59 minutes of service time
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NoContent, (await arm.Get(poll)).StatusCode); // the hour has passed
        Assert.Equal(TimeSpan.FromHours(1), host.State.Now - start);

        // A minute of the base clock is half the wait for a write token, though an hour passed for the service.
        var refused = await arm.Send(HttpMethod.Post, Refresh);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.GetValues("Retry-After").Single());
    }
}
