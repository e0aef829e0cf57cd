using System.Net;
using System.Net.Http.Json;
using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>Each fault the emulator can inject does what it says, and the ledger tells what really happened.</summary>
public class FaultInjectionTests
{
    static Task<(RawArm Arm, BackupCmdlets.Emulator.EmulatorHost Host)> StartAsync(params FaultRule[] rules) => StartAsync(null, rules);

    static async Task<(RawArm Arm, BackupCmdlets.Emulator.EmulatorHost Host)> StartAsync(TimeProvider? clock, params FaultRule[] rules)
    {
        var settings = TestEmulator.FastSettings();
        if (clock != null) settings.Clock = clock;
        settings.OperationDuration = TimeSpan.Zero;
        settings.Faults.AddRange(rules);
        var host = await TestEmulator.StartAsync(settings);
        return (await RawArm.SignedInAsync(host), host);
    }

    const string Policies = RawArm.VaultPath + "/backupPolicies?api-version=2025-08-01";

    [Fact]
    public async Task Throttle_answers_429_with_Retry_After_and_the_budget_at_zero_then_lets_requests_through()
    {
        // A clock that stands still: the read bucket does not refill between the requests, so "counts down" is certain.
        var (arm, host) = await StartAsync(new ManualClock(DateTimeOffset.UtcNow), new FaultRule { Kind = FaultKind.Throttle, Method = "GET", PathPattern = "/backupPolicies$", RetryAfterSeconds = 7 });
        await using var _ = host;
        var ok = await arm.Get(RawArm.VaultPath + "?api-version=2025-08-01");
        var before = int.Parse(ok.Headers.GetValues("x-ms-ratelimit-remaining-subscription-reads").Single());
        var throttled = await arm.Get(Policies);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.Headers.RetryAfter!.Delta);
        Assert.Equal("0", throttled.Headers.GetValues("x-ms-ratelimit-remaining-subscription-reads").Single());
        Assert.Equal("SubscriptionRequestsThrottled", (await RawArm.Body(throttled)).GetProperty("error").GetProperty("code").GetString());
        var after = await arm.Get(Policies);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.True(int.Parse(after.Headers.GetValues("x-ms-ratelimit-remaining-subscription-reads").Single()) < before, "the budget counts down");
    }

    [Theory]
    [InlineData(500, "InternalServerError")]
    [InlineData(502, "BadGateway")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(504, "GatewayTimeout")]
    public async Task Server_errors_come_with_the_ARM_error_body(int status, string code)
    {
        var (arm, host) = await StartAsync(new FaultRule { Kind = FaultKind.ServerError, Status = status, PathPattern = "/backupPolicies$" });
        await using var _ = host;
        var response = await arm.Get(Policies);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, (await RawArm.Body(response)).GetProperty("error").GetProperty("code").GetString());
        Assert.True(response.Headers.Contains("x-ms-request-id"));
        Assert.Equal(HttpStatusCode.OK, (await arm.Get(Policies)).StatusCode); // Times = 1 by default
    }

    [Fact]
    public async Task Skip_and_times_choose_which_requests_are_struck()
    {
        var (arm, host) = await StartAsync(new FaultRule { Kind = FaultKind.ServerError, Status = 500, PathPattern = "/backupPolicies$", Skip = 1, Times = 2 });
        await using var _ = host;
        var statuses = new List<int>();
        for (var i = 0; i < 4; i++) statuses.Add((int)(await arm.Get(Policies)).StatusCode);
        Assert.Equal(new[] { 200, 500, 500, 200 }, statuses);
        Assert.Equal(2, host.Ledger.Of(Ledger.FaultInjected).Count());
    }

    [Fact]
    public async Task A_drop_before_the_work_leaves_nothing_done_and_a_drop_after_leaves_the_work_done()
    {
        var (arm, host) = await StartAsync(new FaultRule { Kind = FaultKind.Drop, Method = "POST", PathPattern = "/refreshContainers$" });
        await using var _ = host;
        await Assert.ThrowsAsync<HttpRequestException>(() => arm.Send(HttpMethod.Post, RawArm.VaultPath + "/backupFabrics/Azure/refreshContainers?api-version=2025-08-01"));
        Assert.Empty(host.State.Vaults.Single().Operations);

        host.Faults.Set(new[] { new FaultRule { Kind = FaultKind.Drop, Phase = FaultPhase.After, Method = "POST", PathPattern = "/refreshContainers$" } });
        await Assert.ThrowsAsync<HttpRequestException>(() => arm.Send(HttpMethod.Post, RawArm.VaultPath + "/backupFabrics/Azure/refreshContainers?api-version=2025-08-01"));
        Assert.Single(host.State.Vaults.Single().Operations);
    }

    [Fact]
    public async Task A_delayed_response_outlasts_a_client_timeout()
    {
        var (arm, host) = await StartAsync(new FaultRule { Kind = FaultKind.Delay, DelayMilliseconds = 3000, Phase = FaultPhase.After, PathPattern = "/backupPolicies$" });
        await using var _ = host;
        var started = DateTimeOffset.UtcNow;
        await Assert.ThrowsAsync<TimeoutException>(() => arm.Get(Policies).WaitAsync(TimeSpan.FromMilliseconds(500)));
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Malformed_json_is_cut_off_mid_document()
    {
        var (arm, host) = await StartAsync(new FaultRule { Kind = FaultKind.MalformedJson, Phase = FaultPhase.After, PathPattern = "/backupPolicies$" });
        await using var _ = host;
        var response = await arm.Get(Policies);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("{", text);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.JsonDocument.Parse(text));
    }

    [Fact]
    public async Task Operation_faults_end_the_operation_Failed_or_Canceled_and_shape_its_202()
    {
        var (arm, host) = await StartAsync(new FaultRule { Kind = FaultKind.OperationFails, Method = "POST", PathPattern = "/refreshContainers$", ErrorCode = "BMSUserErrorDiscoveryFailed" });
        await using var _ = host;
        var refresh = await arm.Send(HttpMethod.Post, RawArm.VaultPath + "/backupFabrics/Azure/refreshContainers?api-version=2025-08-01");
        var result = await arm.PollUntilDone(refresh.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
        Assert.Equal("BMSUserErrorDiscoveryFailed", (await RawArm.Body(result)).GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(host.State.Vaults.Single().DiscoveredManagementTypes); // a failed refresh discovers nothing
        Assert.Single(host.Ledger.Of(Ledger.OperationFailed));

        host.Faults.Set(new[] { new FaultRule { Kind = FaultKind.NoRetryAfter, Method = "POST", PathPattern = "/refreshContainers$" } });
        var bare = await arm.Send(HttpMethod.Post, RawArm.VaultPath + "/backupFabrics/Azure/refreshContainers?api-version=2025-08-01");
        Assert.Equal(HttpStatusCode.Accepted, bare.StatusCode);
        Assert.Null(bare.Headers.RetryAfter);
    }

    [Fact]
    public async Task Location_only_drops_the_AsyncOperation_header()
    {
        var (arm, host) = await StartAsync();
        await using var _ = host;
        await arm.Send(HttpMethod.Post, RawArm.VaultPath + "/backupFabrics/Azure/refreshContainers?api-version=2025-08-01");
        host.Faults.Set(new[] { new FaultRule { Kind = FaultKind.LocationOnly, Method = "PUT" } });
        var register = Shapes.Fixture("walkthrough/ProtectionContainers_Register_Request.json").GetRawText().Replace("-0000000000/", "-000000000000/");
        var response = await arm.Send(HttpMethod.Put, RawArm.ContainerPath + "?api-version=2025-08-01", register);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
        Assert.False(response.Headers.Contains("Azure-AsyncOperation"));
    }

    [Fact]
    public async Task The_control_endpoint_sets_faults_and_shows_the_ledger()
    {
        var (arm, host) = await StartAsync();
        await using var _ = host;
        using var control = new HttpClient { BaseAddress = host.BaseUri };
        var set = await control.PutAsJsonAsync("/emulator/faults", new[] { new { kind = "ServerError", status = 502, pathPattern = "/backupPolicies$" } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, (await arm.Get(Policies)).StatusCode);
        var ledger = await control.GetStringAsync("/emulator/ledger");
        Assert.Contains("FaultInjected", ledger);
        Assert.Equal(HttpStatusCode.NoContent, (await control.DeleteAsync("/emulator/faults")).StatusCode);
        Assert.Empty(host.Faults.Rules);
    }

    [Fact]
    public async Task Faults_can_come_from_the_seed_file()
    {
        var seed = Path.Combine(Path.GetTempPath(), $"seed-{Guid.NewGuid():N}.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "src", "BackupCmdlets.Emulator", "Seed", "default-seed.json")))!;
        json["faults"] = System.Text.Json.Nodes.JsonNode.Parse("""[{"kind":"ServerError","status":504,"pathPattern":"/backupPolicies$"}]""");
        File.WriteAllText(seed, json.ToJsonString());
        try
        {
            var settings = TestEmulator.FastSettings();
            settings.SeedPath = seed;
            await using var host = await TestEmulator.StartAsync(settings);
            using var arm = await RawArm.SignedInAsync(host);
            Assert.Equal(HttpStatusCode.GatewayTimeout, (await arm.Get(Policies)).StatusCode);
        }
        finally { File.Delete(seed); }
    }
}
