using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Throttling;
using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.Throttling;

/// <summary>
/// Resource Manager budgets requests per subscription, so the client does too, for the whole process: a 429
/// holds back every writer of that subscription until its Retry-After (and halves how many may be in flight),
/// while other subscriptions go on; a budget reported low spaces sends at the refill rate; a full one costs nothing.
/// </summary>
public class ThrottleBudgetTests
{
    const string East = "11111111-1111-1111-1111-111111111111";
    const string West = "22222222-2222-2222-2222-222222222222";
    static readonly VaultId EastVault = new(East, "BackupsEast", "VaultEast");
    static readonly VaultId WestVault = new(West, "BackupsWest", "VaultWest");

    [Fact]
    public async Task A_429_slows_every_writer_of_the_subscription_and_no_other()
    {
        const int retryAfter = 2;
        var settings = TestEmulator.FastSettings();
        settings.SeedPath = Path.Combine(Repo.Root, "tests", "pester", "seeds", "two-subscriptions.json");
        settings.Throttling.Enabled = false; // one 429, from the fault; ARM's buckets are the next test's
        settings.Faults.Add(new FaultRule { Kind = FaultKind.Throttle, Method = "POST", PathPattern = $"^/subscriptions/{East}/.*/refreshContainers$", Skip = 20, Times = 1, RetryAfterSeconds = retryAfter });
        await using var emulator = await TestEmulator.StartAsync(settings);
        var east = ThrottleBudget.For(emulator.BaseUri, East).Writes;
        var west = ThrottleBudget.For(emulator.BaseUri, West).Writes;
        var initialWindow = east.Window;

        // Twelve writers to the east subscription, each with a client of its own (as runspaces have), more than
        // the halved window lets through, and one to the west: each sends a write (POST refreshContainers) as soon as its last one is answered.
        using var stop = new CancellationTokenSource();
        async Task Writer(VaultId vault, int pauseMs)
        {
            var client = TestEmulator.Client(emulator);
            while (!stop.IsCancellationRequested)
            {
                await client.RefreshContainersAsync(vault);
                await Task.Delay(pauseMs);
            }
        }
        var writers = Enumerable.Range(0, 12).Select(_ => Task.Run(() => Writer(EastVault, 10))).Append(Task.Run(() => Writer(WestVault, 50))).ToList();

        var windowWhileClosed = await WhenThrottled(east);
        await Task.Delay(TimeSpan.FromSeconds(retryAfter + 0.7));
        stop.Cancel();
        await Task.WhenAll(writers);

        var log = emulator.Log.Entries;
        var throttled = Assert.Single(log, e => e.Status == 429);
        var closed = (From: throttled.ReceivedAt + TimeSpan.FromMilliseconds(300), To: throttled.ReceivedAt + TimeSpan.FromSeconds(retryAfter) - TimeSpan.FromMilliseconds(50));
        bool WriteTo(string subscription, Emulator.Infrastructure.LoggedRequest e) => e.Method == "POST" && e.Path.StartsWith($"/subscriptions/{subscription}/", StringComparison.OrdinalIgnoreCase);
        bool WhileClosed(Emulator.Infrastructure.LoggedRequest e) => e.ReceivedAt > closed.From && e.ReceivedAt < closed.To;

        // Requests already on the wire when the 429 came (the first 300 ms) aside, no east write was sent until Retry-After...
        Assert.DoesNotContain(log, e => WriteTo(East, e) && WhileClosed(e));
        Assert.True(log.Count(e => WriteTo(East, e) && e.ReceivedAt < throttled.ReceivedAt) >= 20, "the east writers were busy before the 429");
        Assert.Contains(log, e => WriteTo(East, e) && e.ReceivedAt >= throttled.ReceivedAt + TimeSpan.FromSeconds(retryAfter));
        // ...and then without a second wait: the retry policy's wait and the gate's overlap (Retry-After once, not twice;
        // the margin is the machine's, as a loaded one resumes late).
        var firstAfter = log.Where(e => WriteTo(East, e) && e.ReceivedAt > closed.From).Min(e => e.ReceivedAt);
        Assert.True(firstAfter < throttled.ReceivedAt + TimeSpan.FromSeconds(2 * retryAfter - 0.2), $"east writes resumed {(firstAfter - throttled.ReceivedAt).TotalMilliseconds} ms after the 429");
        // ...while the west subscription's writer went on.
        Assert.Contains(log, e => WriteTo(West, e) && WhileClosed(e));

        Assert.Equal(initialWindow / 2, windowWhileClosed);
        Assert.Equal(1, east.ThrottleCount);
        Assert.Equal(0, west.ThrottleCount);
        Assert.True(west.Window >= initialWindow, "the west window was not touched");
        Assert.True(east.Window > windowWhileClosed, $"the east window grew again once writes succeeded (still {east.Window})");
    }

    [Fact]
    public async Task Runspaces_share_the_budget_and_Verbose_shows_the_wait()
    {
        var settings = TestEmulator.FastSettings();
        settings.Throttling.Enabled = false;
        settings.Faults.Add(new FaultRule { Kind = FaultKind.Throttle, Method = "POST", PathPattern = "/refreshContainers$", Times = 1, RetryAfterSeconds = 2 });
        await using var emulator = await TestEmulator.StartAsync(settings);
        using var first = PowerShellSession.Connected(emulator);
        using var second = PowerShellSession.Connected(emulator);
        var writes = ThrottleBudget.For(emulator.BaseUri, TestEmulator.Subscription).Writes;

        var throttled = Task.Run(() => first.Run("Invoke-BackupContainerRefresh"));
        await WhenThrottled(writes);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = second.Run("Invoke-BackupContainerRefresh -Verbose");
        clock.Stop();

        run.AssertNoErrors();
        (await throttled).AssertNoErrors();
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"the other runspace's write went after {clock.ElapsedMilliseconds} ms, within the Retry-After");
        Assert.Contains(run.Verbose, v => v.StartsWith("Throttle: POST ", StringComparison.Ordinal) && v.Contains(" waited ") && v.Contains("writes: window 8"));
        Assert.Equal(2, emulator.Log.Entries.Count(e => e.Method == "POST" && e.Status == 202));
    }

    /// <summary>The gate's window while it is closed after the first 429.</summary>
    static async Task<int> WhenThrottled(ThrottleGate gate)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (gate.ThrottleCount == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the 429 never came");
            await Task.Delay(10);
        }
        Assert.NotNull(gate.ClosedUntil);
        return gate.Window;
    }

    [Fact]
    public async Task Against_ARMs_buckets_the_gate_paces_before_the_bucket_empties_and_nothing_is_throttled()
    {
        var settings = TestEmulator.FastSettings();
        settings.Throttling = new BackupCmdlets.Emulator.ThrottleSettings { WriteBurst = 40, WritesPerSecond = 10 };
        await using var emulator = await TestEmulator.StartAsync(settings);
        var writes = ThrottleBudget.For(emulator.BaseUri, TestEmulator.Subscription).Writes;

        // Eighty writes from twenty writers at once: twice the bucket. Below 20 left, sends are spaced at the refill rate.
        var clients = Enumerable.Range(0, 20).Select(_ => TestEmulator.Client(emulator)).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < 4; i++) await c.RefreshContainersAsync(TestEmulator.VaultId);
        })));
        clock.Stop();

        var sent = emulator.Log.Entries.Where(e => e.Method == "POST").ToList();
        Assert.Equal(80, sent.Count(e => e.Status == 202));
        Assert.True(!sent.Any(e => e.Status == 429), "429s among the writes: " + string.Join(" ", sent.Select(e => $"{e.ServedFrom:ss.fff}:{e.Status}")));
        Assert.Equal(0, writes.ThrottleCount);
        Assert.True(writes.IsPacing);
        // Twice the bucket went through without one 429: the gate paced them (no timed assertion: the machine's load decides the time).
    }

    [Fact]
    public async Task A_wait_at_a_closed_gate_ends_at_Ctrl_C_or_at_the_RetryTimeout_and_sends_nothing()
    {
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
            ScriptedServer.Json(ctx, 429, """{"error":{"code":"SubscriptionRequestsThrottled","message":"slow down"}}""", ("Retry-After", "60")));
        var vault = new VaultId(East, "rg", "vault1");
        var client = server.Client(o => o.Retry.MaxRetries = 0);
        await Assert.ThrowsAsync<BackupCmdlets.Client.BackupServiceException>(() => client.GetVaultAsync(vault)); // the reads gate closes for a minute
        Assert.NotNull(ThrottleBudget.For(server.BaseUri, East).Reads.ClosedUntil);

        using var ctrlC = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetVaultAsync(vault, ctrlC.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Ctrl+C ended the wait after {clock.ElapsedMilliseconds} ms");

        var bounded = server.Client(o => o.RetryTimeout = TimeSpan.FromSeconds(1));
        clock.Restart();
        var e = await Assert.ThrowsAsync<BackupCmdlets.Client.BackupConnectionException>(() => bounded.GetVaultAsync(vault));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the RetryTimeout ended the wait after {clock.ElapsedMilliseconds} ms");
        Assert.Contains("within 00:00:01", e.Message);
        Assert.Single(server.Requests); // nothing was sent while the gate was closed
    }

    [Fact]
    public async Task A_low_budget_spaces_writes_at_the_refill_rate_and_a_full_one_costs_nothing()
    {
        var remaining = "1199";
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
            ScriptedServer.Json(ctx, 202, "", ("Location", s.Url($"/subscriptions/{East}/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/vault1/backupFabrics/Azure/operationResults/x?api-version=2025-08-01")),
                ("x-ms-ratelimit-remaining-subscription-writes", remaining)));
        var client = server.Client();
        var vault = new VaultId(East, "rg", "vault1");
        var writes = ThrottleBudget.For(server.BaseUri, East).Writes;

        // Far from empty: eight writes at once go at once.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.RefreshContainersAsync(vault)));
        // None waited at the gate (not timed: a loaded machine may take its time sending them).
        Assert.Equal(8, server.Requests.Count);
        Assert.Equal(0, writes.WaitCount);
        Assert.False(writes.IsPacing);

        // At the low mark: one write tells the gate, then the next eight are spaced at ten a second.
        remaining = "3";
        await client.RefreshContainersAsync(vault);
        Assert.True(writes.IsPacing);
        var before = server.Requests.Count;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.RefreshContainersAsync(vault)));
        var paced = server.Requests.Skip(before).Select(r => r.At).OrderBy(t => t).ToList();
        Assert.True(paced[^1] - paced[0] >= TimeSpan.FromMilliseconds(650), $"eight paced writes took only {(paced[^1] - paced[0]).TotalMilliseconds} ms");

        // The budget refilled: pacing stops.
        remaining = "900";
        await client.RefreshContainersAsync(vault);
        Assert.False(writes.IsPacing);
    }
}
