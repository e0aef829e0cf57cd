using System.Text.Json;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.ClientTests;

/// <summary>Reads are retried through transient faults; the backup trigger never is.</summary>
public class RetryTests
{
    [Fact]
    public async Task A_read_is_retried_through_503s_honouring_Retry_After()
    {
        var calls = 0;
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
            ++calls < 3
                ? ScriptedServer.Json(ctx, 503, """{"error":{"code":"ServiceUnavailable","message":"busy"}}""", ("Retry-After", "0"))
                : ScriptedServer.Json(ctx, 200, """{"id":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v1","name":"v","location":"westus"}"""));
        var vault = await server.Client().GetVaultAsync(VaultId.Parse(Bodies.Vault));
        Assert.Equal("v", vault.Name);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_trigger_that_meets_503s_is_sent_again_only_after_the_job_list_shows_it_did_not_start()
    {
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
            ScriptedServer.Json(ctx, 503, """{"error":{"code":"ServiceUnavailable","message":"busy"}}""", ("Retry-After", "0")));
        var item = new ProtectedItem(JsonDocument.Parse(Bodies.ProtectedItem("Protected")).RootElement);
        var e = await Assert.ThrowsAsync<BackupException>(() => server.Client().TriggerBackupAsync(item));
        Assert.Contains("no backup job was started", e.Message);
        // No job list before the first send; one after every failed send; never two sends in a row.
        var sequence = server.Requests.Select(r => r.Method == "POST" ? "POST" : "jobs").ToArray();
        Assert.Equal(new[] { "POST", "jobs", "POST", "jobs", "POST", "jobs" }, sequence);
    }

    [Fact]
    public async Task A_trigger_whose_answer_is_lost_but_whose_job_started_is_not_sent_again()
    {
        var started = false;
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
        {
            started = true; // the service acts on the POST, then the gateway fails
            return ScriptedServer.Json(ctx, 502, """{"error":{"code":"BadGateway","message":"lost"}}""");
        });
        server.JobList = () => started ? "{\"value\":[" + Bodies.Job("job-7", "InProgress") + "]}" : "{\"value\":[]}";
        var item = new ProtectedItem(JsonDocument.Parse(Bodies.ProtectedItem("Protected")).RootElement);
        var client = server.Client();
        var operation = await client.TriggerBackupAsync(item);
        Assert.Equal("Succeeded", operation.Status);
        Assert.Equal("job-7", operation.JobId);
        Assert.Equal("job-7", Assert.IsType<BackupJob>(await client.WaitForOperationAsync(operation)).JobId);
        Assert.Single(server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task A_throttled_trigger_waits_for_Retry_After_and_is_sent_again_without_a_check()
    {
        var posts = 0;
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
            ++posts == 1
                ? ScriptedServer.Json(ctx, 429, """{"error":{"code":"SubscriptionRequestsThrottled","message":"slow down"}}""", ("Retry-After", "1"))
                : ScriptedServer.Json(ctx, 202, "", ("Azure-AsyncOperation", s.Url(Bodies.ItemPath + "/operationsStatus/x?api-version=2016-12-01"))));
        var item = new ProtectedItem(JsonDocument.Parse(Bodies.ProtectedItem("Protected")).RootElement);
        var operation = await server.Client().TriggerBackupAsync(item);
        Assert.Equal("InProgress", operation.Status);
        var requests = server.Requests.ToArray();
        Assert.Equal(new[] { "POST", "POST" }, requests.Select(r => r.Method));
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(1), $"the second send waited for Retry-After, not {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
        Assert.True(requests[1].At - requests[0].At < TimeSpan.FromSeconds(1.9), "the trigger's wait and the throttle gate's overlap: Retry-After once, not twice");
    }

    [Fact]
    public async Task A_token_is_never_sent_to_a_plain_http_host_that_is_not_loopback()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new BackupClient(new Uri("http://management.example.com"), new FixedTokenCredential("t")));
        Assert.Contains("https", e.Message);
    }
}
