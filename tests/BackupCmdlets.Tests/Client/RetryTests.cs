using System.Text.Json;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;
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
                : ScriptedServer.Json(ctx, 200, """{"id":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v","name":"v","location":"westus"}"""));
        var vault = await server.Client().GetVaultAsync(VaultId.Parse(Bodies.Vault));
        Assert.Equal("v", vault.Name);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_backup_trigger_that_meets_a_503_is_sent_once_and_the_error_is_reported()
    {
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
            ScriptedServer.Json(ctx, 503, """{"error":{"code":"ServiceUnavailable","message":"busy"}}""", ("Retry-After", "0")));
        var item = new ProtectedItem(JsonDocument.Parse(Bodies.ProtectedItem("Protected")).RootElement);
        var e = await Assert.ThrowsAsync<BackupServiceException>(() => server.Client().TriggerBackupAsync(item));
        Assert.Equal(503, e.Status);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_token_is_never_sent_to_a_plain_http_host_that_is_not_loopback()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new BackupClient(new Uri("http://management.example.com"), new FixedTokenCredential("t")));
        Assert.Contains("https", e.Message);
    }
}
