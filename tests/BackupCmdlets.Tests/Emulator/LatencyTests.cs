using System.Net;
using BackupCmdlets.Emulator;
using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>
/// Latency per request kind, in real time, with requests served side by side. Proved from the request log's real-time
/// stamps (when each request arrived and was answered), not from how long the test took.
/// </summary>
public class LatencyTests
{
    const string Refresh = RawArm.VaultPath + "/backupFabrics/Azure/refreshContainers?api-version=2016-12-01&$filter=backupManagementType eq 'AzureWorkload'";

    static TimeSpan Served(LoggedRequest r) => r.ServedUntil!.Value - r.ServedFrom!.Value;

    [Fact]
    public async Task Reads_writes_and_polls_each_wait_their_own_latency()
    {
        var settings = TestEmulator.FastSettings();
        settings.ReadLatency = TimeSpan.FromMilliseconds(100);
        settings.WriteLatency = TimeSpan.FromMilliseconds(700);
        settings.PollLatency = TimeSpan.FromMilliseconds(350);
        await using var host = await TestEmulator.StartAsync(settings);
        using var arm = await RawArm.SignedInAsync(host);

        var refresh = await arm.Send(HttpMethod.Post, Refresh);
        Assert.Equal(HttpStatusCode.Accepted, refresh.StatusCode);
        await arm.Get(refresh.Headers.Location!.PathAndQuery);
        await arm.Get(RawArm.VaultPath + "/backupJobs?api-version=2025-08-01");
        await arm.Get(RawArm.VaultPath + "/backupJobs/no-such-job?api-version=2025-08-01");

        var log = host.Log.Entries.Where(e => e.Path.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase)).ToList(); // not the sign-in
        var write = log.Single(e => e.Method == "POST");
        var poll = log.Single(e => e.Path.Contains("/operationResults/"));
        var list = log.Single(e => e.Path.EndsWith("/backupJobs"));
        var job = log.Single(e => e.Path.EndsWith("/backupJobs/no-such-job"));
        Assert.True(Served(write) >= AtLeast(700), $"write served in {Served(write)}");
        Assert.True(Served(poll) >= AtLeast(350), $"poll served in {Served(poll)}");
        Assert.True(Served(job) >= AtLeast(350), $"a job's GET is a poll: served in {Served(job)}");
        Assert.True(Served(list) >= AtLeast(100), $"read served in {Served(list)}");

        // Which latency a request gets is its kind (upper bounds on time would only measure this machine's load).
        const string vault = "/subscriptions/s/resourceGroups/g/providers/Microsoft.RecoveryServices/vaults/v";
        Assert.Equal(RequestKind.Read, RequestKinds.Of("GET", vault));
        Assert.Equal(RequestKind.Read, RequestKinds.Of("GET", vault + "/backupJobs"));
        Assert.Equal(RequestKind.Read, RequestKinds.Of("GET", vault + "/backupFabrics/Azure/protectionContainers/c/protectedItems/i/recoveryPoints"));
        Assert.Equal(RequestKind.Poll, RequestKinds.Of("GET", vault + "/backupJobs/j"));
        Assert.Equal(RequestKind.Poll, RequestKinds.Of("GET", vault + "/backupJobs/j/operationResults/x"));
        Assert.Equal(RequestKind.Poll, RequestKinds.Of("GET", "/Subscriptions/s/resourceGroups/g/providers/Microsoft.RecoveryServices/vaults/v/backupFabrics/Azure/protectionContainers/c/protectedItems/i/operationsStatus/x"));
        Assert.Equal(RequestKind.Poll, RequestKinds.Of("GET", vault + "/backupOperations/x"));
        Assert.Equal(RequestKind.Poll, RequestKinds.Of("GET", vault + "/backupFabrics/Azure/operationResults/x"));
        Assert.Equal(RequestKind.Write, RequestKinds.Of("POST", vault + "/backupJobs/j/cancel"));
        Assert.Equal(RequestKind.Write, RequestKinds.Of("PUT", vault + "/backupFabrics/Azure/protectionContainers/c"));
        Assert.Equal(RequestKind.Write, RequestKinds.Of("DELETE", vault + "/backupFabrics/Azure/protectionContainers/c/protectedItems/i"));
    }

    /// <summary>A latency, less the millisecond or two by which a timer may fire early against the wall clock.</summary>
    static TimeSpan AtLeast(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds - 20);

    [Fact]
    public async Task Concurrent_writes_wait_side_by_side_not_one_after_another()
    {
        const int writes = 8;
        var latency = TimeSpan.FromMilliseconds(300);
        var settings = TestEmulator.FastSettings();
        settings.WriteLatency = latency;
        await using var host = await TestEmulator.StartAsync(settings);
        using var arm = await RawArm.SignedInAsync(host);

        var answers = await Task.WhenAll(Enumerable.Range(0, writes).Select(_ => arm.Send(HttpMethod.Post, Refresh)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        var served = host.Log.Entries.Where(e => e.Method == "POST" && e.Path.StartsWith("/subscriptions/")).ToList(); // not the sign-in
        Assert.Equal(writes, served.Count);
        Assert.All(served, r => Assert.True(Served(r) >= AtLeast(300), $"served in {Served(r)}"));
        // Every write arrived before any was answered: all eight were being served at one moment.
        var lastArrival = served.Max(r => r.ServedFrom!.Value);
        var firstAnswer = served.Min(r => r.ServedUntil!.Value);
        Assert.True(lastArrival < firstAnswer, $"last arrival {lastArrival:O} is after the first answer {firstAnswer:O}: the writes queued");
    }
}
