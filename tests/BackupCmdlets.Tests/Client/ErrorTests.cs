using BackupCmdlets.Client;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.ClientTests;

/// <summary>Each error status of the emulator becomes an exception with code, message, recommendations and request id.</summary>
public class ErrorTests
{
    static async Task<T> Fails<T>(Func<Task> call) where T : Exception => await Assert.ThrowsAsync<T>(call);

    [Fact]
    public async Task Unknown_vault_is_404_ResourceNotFound()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var e = await Fails<BackupServiceException>(() => TestEmulator.Client(emulator).GetVaultAsync(new VaultId(TestEmulator.Subscription, "rg", "nope")));
        Assert.Equal(404, e.Status);
        Assert.Equal("ResourceNotFound", e.ErrorCode);
        Assert.Contains("nope", e.ServiceMessage);
        Assert.False(string.IsNullOrEmpty(e.RequestId));
        Assert.Contains(e.RequestId, e.Message);
    }

    [Fact]
    public async Task Unknown_container_and_item_are_404_with_recommendations()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var client = TestEmulator.Client(emulator);
        var container = await Fails<BackupServiceException>(() => client.GetContainerAsync(TestEmulator.VaultId, "VMAppContainer;Compute;x;y"));
        Assert.Equal(404, container.Status);
        Assert.Equal("BMSUserErrorContainerObjectNotFound", container.ErrorCode);
        Assert.NotEmpty(container.Recommendations);

        var item = await Fails<BackupServiceException>(() => client.GetProtectedItemAsync(TestEmulator.VaultId, "VMAppContainer;Compute;x;y", "sqldatabase;a;b"));
        Assert.Equal(404, item.Status);
        Assert.Equal("BMSUserErrorItemNotFound", item.ErrorCode);
        Assert.NotEmpty(item.Recommendations);
    }

    [Fact]
    public async Task Unsupported_api_version_is_400()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var client = TestEmulator.Client(emulator, o => o.ApiVersion = "2099-01-01");
        var e = await Fails<BackupServiceException>(() => client.GetVaultAsync(TestEmulator.VaultId));
        Assert.Equal(400, e.Status);
        Assert.Equal("InvalidApiVersionParameter", e.ErrorCode);
    }

    [Fact]
    public async Task A_second_backup_while_one_runs_is_409_and_is_not_retried()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var client = TestEmulator.Client(emulator);
        await EmulatorSteps.RegisterAndInquireAsync(client, "sqlserver-0");
        var item = await EmulatorSteps.ProtectAsync(client, "msdb");
        await client.TriggerBackupAsync(item);

        var before = emulator.Log.Count;
        var e = await Fails<BackupServiceException>(() => client.TriggerBackupAsync(item));
        Assert.Equal(409, e.Status);
        Assert.Equal("UserErrorBackupOperationInProgress", e.ErrorCode);
        Assert.NotEmpty(e.Recommendations);
        Assert.Single(emulator.Log.Entries.Skip(before), e => e.Method == "POST"); // one send: a 409 on the first attempt is not ambiguous
        Assert.Single(emulator.State.Vaults.Single().Jobs);
    }

    [Fact]
    public async Task A_bad_token_is_401_with_the_service_message()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var client = new BackupClient(emulator.BaseUri, new FixedTokenCredential("forged"));
        var e = await Fails<BackupAuthenticationException>(() => client.GetVaultAsync(TestEmulator.VaultId));
        Assert.Equal(401, e.Status);
        Assert.Equal("InvalidAuthenticationToken", e.ErrorCode);
        Assert.DoesNotContain("forged", e.Message);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_clear_error_naming_the_request_id()
    {
        await using var server = await ScriptedServer.StartAsync((ctx, s) => ScriptedServer.Json(ctx, 200, "{not json"));
        var client = server.Client();
        var e = await Fails<BackupException>(() => client.GetVaultAsync(VaultId.Parse(Bodies.Vault)));
        Assert.Contains("not valid JSON", e.Message);
        Assert.Equal(client.Options.Retry.MaxRetries + 1, server.Requests.Count); // a read with a broken body is tried again, boundedly
        Assert.Equal("req-" + server.Requests.Count, e.RequestId);
        Assert.Contains(e.RequestId, e.Message);
    }

    [Fact]
    public async Task An_error_body_that_is_not_JSON_still_gives_status_and_text()
    {
        await using var server = await ScriptedServer.StartAsync((ctx, s) => ScriptedServer.Json(ctx, 403, "<html>denied</html>"));
        var e = await Fails<BackupServiceException>(() => server.Client().GetVaultAsync(VaultId.Parse(Bodies.Vault)));
        Assert.Equal(403, e.Status);
        Assert.Contains("denied", e.Message);
    }
}
