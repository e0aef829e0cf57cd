using System.Net;
using BackupCmdlets.Emulator;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>
/// The emulator's Resource Manager token buckets: per subscription, reads and writes apart, refilled by the
/// emulator's clock (a manual one here, so nothing refills unless the test says), 429 with Retry-After when empty.
/// </summary>
public class ThrottlingTests
{
    const string Refresh = RawArm.VaultPath + "/backupFabrics/Azure/refreshContainers?api-version=2016-12-01&$filter=backupManagementType eq 'AzureWorkload'";
    const string Vault = RawArm.VaultPath + "?api-version=2025-08-01";
    const string Reads = "x-ms-ratelimit-remaining-subscription-reads";
    const string Writes = "x-ms-ratelimit-remaining-subscription-writes";

    static async Task<(RawArm Arm, EmulatorHost Host, ManualClock Clock)> StartAsync(Action<EmulatorSettings>? configure = null)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var settings = TestEmulator.FastSettings();
        settings.Clock = clock;
        configure?.Invoke(settings);
        var host = await TestEmulator.StartAsync(settings);
        return (await RawArm.SignedInAsync(host), host, clock);
    }

    static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    [Fact]
    public async Task Writes_drain_ARMs_burst_of_200_then_answer_429_with_Retry_After_and_what_is_left()
    {
        var (arm, host, _) = await StartAsync();
        await using var _h = host;
        using var _a = arm;

        for (var i = 1; i <= 200; i++)
        {
            var accepted = await arm.Send(HttpMethod.Post, Refresh);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            Assert.Equal((200 - i).ToString(), Header(accepted, Writes)); // what is really left, not a countdown from 1,200
        }
        var throttled = await arm.Send(HttpMethod.Post, Refresh);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("1", Header(throttled, "Retry-After")); // a tenth of a second to the next token, in whole seconds: at least 1
        Assert.Equal("0", Header(throttled, Writes));
        var error = (await RawArm.Body(throttled)).GetProperty("error");
        Assert.Equal("SubscriptionRequestsThrottled", error.GetProperty("code").GetString());
        Assert.Equal("Number of 'write' requests for subscription '00000000-0000-0000-0000-000000000000' actually exceeded the limit of '200' " +
                     "for time interval '00:00:20'. Please try again after '1' seconds.", error.GetProperty("message").GetString());

        // Reads have a bucket of their own, full.
        var read = await arm.Get(Vault);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("249", Header(read, Reads));
        Assert.False(read.Headers.Contains(Writes));

        // The request log keeps the refused request, with its status; the service never saw it (200 operations, not 201).
        var posts = host.Log.Entries.Where(e => e.Method == "POST" && e.Path.StartsWith("/subscriptions/")).ToList(); // not the sign-in
        Assert.Equal(201, posts.Count);
        Assert.Equal(429, posts[^1].Status);
        Assert.Equal(200, host.State.Vaults.Single().Operations.Count);
    }

    [Fact]
    public async Task A_delete_is_a_write()
    {
        var (arm, host, _) = await StartAsync(s => s.Throttling.WriteBurst = 1);
        await using var _h = host;
        using var _a = arm;
        var first = await arm.Send(HttpMethod.Delete, RawArm.ItemPath + "?api-version=2025-08-01");
        Assert.Equal("0", Header(first, Writes));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await arm.Send(HttpMethod.Delete, RawArm.ItemPath + "?api-version=2025-08-01")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await arm.Get(Vault)).StatusCode);
    }

    [Fact]
    public async Task A_refused_request_takes_no_token_and_the_bucket_refills_by_the_clock_up_to_its_burst()
    {
        var (arm, host, clock) = await StartAsync(s =>
        {
            s.Throttling.ReadBurst = 2;
            s.Throttling.ReadsPerSecond = 0.25; // a token every 4 seconds
        });
        await using var _h = host;
        using var _a = arm;

        Assert.Equal("1", Header(await arm.Get(Vault), Reads));
        Assert.Equal("0", Header(await arm.Get(Vault), Reads));
        for (var i = 0; i < 3; i++)
        {
            // Refused again and again: had a refusal taken a token, the wait would grow.
            var refused = await arm.Get(Vault);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("4", Header(refused, "Retry-After"));
        }
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("3", Header(await arm.Get(Vault), "Retry-After")); // the time until a token, as it shrinks
        clock.Advance(TimeSpan.FromSeconds(3));
        var served = await arm.Get(Vault);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("0", Header(served, Reads));

        clock.Advance(TimeSpan.FromMinutes(10)); // a long rest (within the token's hour) fills the bucket to its burst, no further
        Assert.Equal("1", Header(await arm.Get(Vault), Reads));
        Assert.Equal("0", Header(await arm.Get(Vault), Reads));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await arm.Get(Vault)).StatusCode);
    }

    [Fact]
    public async Task Each_subscription_has_buckets_of_its_own()
    {
        var (arm, host, _) = await StartAsync(s =>
        {
            s.SeedPath = Repo.File("tests", "pester", "seeds", "two-subscriptions.json");
            s.Throttling.WriteBurst = 3;
        });
        await using var _h = host;
        using var _a = arm;
        const string east = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/BackupsEast/providers/Microsoft.RecoveryServices/vaults/VaultEast";
        const string west = "/Subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/BackupsWest/providers/Microsoft.RecoveryServices/vaults/VaultWest";
        const string refresh = "/backupFabrics/Azure/refreshContainers?api-version=2016-12-01";

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Accepted, (await arm.Send(HttpMethod.Post, east + refresh)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await arm.Send(HttpMethod.Post, east + refresh)).StatusCode);

        // The other subscription (its path spelt "Subscriptions", as poll URLs are) is untouched.
        var other = await arm.Send(HttpMethod.Post, west + refresh);
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        Assert.Equal("2", Header(other, Writes));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await arm.Send(HttpMethod.Post, east + refresh)).StatusCode);
    }

    [Fact]
    public async Task The_module_waits_out_a_429_and_finishes_the_listing()
    {
        // Real time here: the client must wait for the bucket to refill. Three pages of policies and the vault read
        // take four reads from a bucket of two refilling one a second: at least one 429 on the way.
        var settings = TestEmulator.FastSettings(pageSize: 1);
        settings.Throttling.ReadBurst = 2;
        settings.Throttling.ReadsPerSecond = 1;
        await using var host = await TestEmulator.StartAsync(settings);
        using var ps = PowerShellSession.Connected(host);

        var policies = ps.Run("Get-BackupPolicy").AssertNoErrors().OutputOf<BackupCmdlets.Client.Models.BackupPolicy>().ToList();

        Assert.Equal(3, policies.Count);
        var reads = host.Log.Entries.Where(e => e.Method == "GET").ToList();
        var refused = reads.Where(e => e.Status == 429).ToList();
        Assert.NotEmpty(refused);
        foreach (var r in refused)
        {
            var retry = reads.First(e => e.Sequence > r.Sequence);
            Assert.True(retry.ReceivedAt - r.ReceivedAt >= TimeSpan.FromSeconds(0.95), $"retried {retry.ReceivedAt - r.ReceivedAt} after a 429 that said 1 s");
        }
    }

    [Fact]
    public async Task Throttling_off_never_refuses_and_reports_a_full_bucket()
    {
        var (arm, host, _) = await StartAsync(s =>
        {
            s.Throttling.Enabled = false;
            s.Throttling.ReadBurst = 5;
        });
        await using var _h = host;
        using var _a = arm;
        for (var i = 0; i < 20; i++)
        {
            var read = await arm.Get(Vault);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal("5", Header(read, Reads));
        }
    }
}
