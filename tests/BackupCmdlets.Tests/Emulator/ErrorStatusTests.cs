using System.Net;
using System.Text.Json;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>Each error the service gives, in ARM's shape and with the right status.</summary>
public class ErrorStatusTests
{
    static async Task<(RawArm Arm, BackupCmdlets.Emulator.EmulatorHost Host)> StartAsync(Action<BackupCmdlets.Emulator.EmulatorSettings>? configure = null)
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromSeconds(30); // long enough that "in progress" stays true during the test
        configure?.Invoke(settings);
        var host = await TestEmulator.StartAsync(settings);
        return (await RawArm.SignedInAsync(host), host);
    }

    static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await RawArm.Body(response);
        Assert.Equal(code, body.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetProperty("message").GetString()));
        Assert.True(response.Headers.Contains("x-ms-request-id"));
    }

    [Fact]
    public async Task No_token_is_401_with_the_ARM_challenge()
    {
        var (_, host) = await StartAsync();
        await using var _h = host;
        using var anonymous = new RawArm(host, token: null);
        var response = await anonymous.Get(RawArm.VaultPath + "?api-version=2025-08-01");
        await AssertError(response, HttpStatusCode.Unauthorized, "AuthenticationFailed");
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("authorization_uri=", challenge.Parameter);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter);
    }

    [Fact]
    public async Task Unknown_and_expired_tokens_are_401()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var (arm, host) = await StartAsync(s => { s.TokenLifetime = TimeSpan.FromMinutes(5); s.Clock = clock; });
        await using var _h = host;
        using var forged = new RawArm(host, "emu.forged");
        await AssertError(await forged.Get(RawArm.VaultPath + "?api-version=2025-08-01"), HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        Assert.Equal(HttpStatusCode.OK, (await arm.Get(RawArm.VaultPath + "?api-version=2025-08-01")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(5));
        var expired = await arm.Get(RawArm.VaultPath + "?api-version=2025-08-01");
        await AssertError(expired, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        Assert.Contains("expiry", (await RawArm.Body(expired)).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Api_version_missing_or_unknown_is_400_and_every_stable_version_of_the_spec_is_accepted()
    {
        var (arm, host) = await StartAsync();
        await using var _h = host;
        await AssertError(await arm.Get(RawArm.VaultPath), HttpStatusCode.BadRequest, "MissingApiVersionParameter");
        await AssertError(await arm.Get(RawArm.VaultPath + "?api-version=2015-01-01"), HttpStatusCode.BadRequest, "InvalidApiVersionParameter");
        await AssertError(await arm.Get(RawArm.VaultPath + "?api-version=2019-05-13-preview"), HttpStatusCode.BadRequest, "InvalidApiVersionParameter");

        var versions = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "spec-examples", "VERSIONS.txt")).Where(l => l.Trim().Length > 0).ToList();
        Assert.Equal(40, versions.Count);
        foreach (var version in versions)
            Assert.Equal(HttpStatusCode.OK, (await arm.Get(RawArm.VaultPath + "?api-version=" + version)).StatusCode);
    }

    [Fact]
    public async Task Paths_and_names_match_without_regard_to_case()
    {
        var (arm, host) = await StartAsync();
        await using var _h = host;
        var response = await arm.Get("/Subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/sqlserverselfhost/providers/microsoft.recoveryservices/Vaults/sqlserver2012/BACKUPPOLICIES/hourlylogbackup?api-version=2016-12-01");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HourlyLogBackup", (await RawArm.Body(response)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Unknown_vault_container_item_policy_and_job_are_404()
    {
        var (arm, host) = await StartAsync();
        await using var _h = host;
        await AssertError(await arm.Get(RawArm.VaultPath.Replace("SQLServer2012", "Elsewhere") + "/backupPolicies?api-version=2025-08-01"), HttpStatusCode.NotFound, "ResourceNotFound");
        await AssertError(await arm.Get(RawArm.ContainerPath + "?api-version=2025-08-01"), HttpStatusCode.NotFound, "BMSUserErrorContainerObjectNotFound");
        await AssertError(await arm.Get(RawArm.ItemPath + "?api-version=2025-08-01"), HttpStatusCode.NotFound, "BMSUserErrorItemNotFound");
        await AssertError(await arm.Get(RawArm.VaultPath + "/backupPolicies/Nope?api-version=2025-08-01"), HttpStatusCode.NotFound, "BMSUserErrorPolicyNotFound");
        await AssertError(await arm.Get(RawArm.VaultPath + "/backupJobs/nope?api-version=2025-08-01"), HttpStatusCode.NotFound, "BMSUserErrorJobNotFound");
        await AssertError(await arm.Send(HttpMethod.Post, RawArm.ItemPath + "/backup?api-version=2025-08-01", """{"properties":{"objectType":"AzureWorkloadBackupRequest","backupType":"Full"}}"""), HttpStatusCode.NotFound, "BMSUserErrorItemNotFound");
    }

    [Theory]
    [InlineData("{not json", "InvalidRequestContent")]
    [InlineData("[1,2]", "InvalidRequestContent")]
    [InlineData("{}", "BMSUserErrorInvalidInput")]
    [InlineData("""{"properties":{"backupManagementType":"AzureWorkload"}}""", "BMSUserErrorInvalidInput")]
    [InlineData("""{"properties":{"containerType":"VMAppContainer","backupManagementType":"AzureWorkload"}}""", "BMSUserErrorInvalidInput")]
    [InlineData("""{"properties":{"containerType":"StorageContainer","backupManagementType":"AzureWorkload","sourceResourceId":"/x"}}""", "BMSUserErrorInvalidInput")]
    public async Task Malformed_or_incomplete_register_bodies_are_400(string body, string code)
    {
        var (arm, host) = await StartAsync(s => s.OperationDuration = TimeSpan.Zero);
        await using var _h = host;
        await arm.Send(HttpMethod.Post, RawArm.VaultPath + "/backupFabrics/Azure/refreshContainers?api-version=2025-08-01");
        await AssertError(await arm.Send(HttpMethod.Put, RawArm.ContainerPath + "?api-version=2025-08-01", body), HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Bad_enable_and_trigger_bodies_are_400_with_what_would_be_valid()
    {
        var (arm, host) = await StartAsync(s => s.OperationDuration = TimeSpan.Zero);
        await using var _h = host;
        await arm.ProtectedAsync();
        var enable = await arm.Send(HttpMethod.Put, RawArm.ItemPath.Replace("msdb", "model") + "?api-version=2025-08-01", """{"properties":{"protectedItemType":"AzureVmWorkloadSQLDatabase"}}""");
        await AssertError(enable, HttpStatusCode.BadRequest, "BMSUserErrorInvalidInput");
        var otherVault = await arm.Send(HttpMethod.Put, RawArm.ItemPath.Replace("msdb", "model") + "?api-version=2025-08-01",
            """{"properties":{"protectedItemType":"AzureVmWorkloadSQLDatabase","policyId":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/x/providers/Microsoft.RecoveryServices/vaults/other/backupPolicies/HourlyLogBackup"}}""");
        await AssertError(otherVault, HttpStatusCode.BadRequest, "BMSUserErrorInvalidInput");

        var wrongKind = await arm.Send(HttpMethod.Post, RawArm.ItemPath + "/backup?api-version=2025-08-01", """{"properties":{"objectType":"IaasVMBackupRequest"}}""");
        await AssertError(wrongKind, HttpStatusCode.BadRequest, "BMSUserErrorInvalidInput");
        var badType = await arm.Send(HttpMethod.Post, RawArm.ItemPath + "/backup?api-version=2025-08-01", """{"properties":{"objectType":"AzureWorkloadBackupRequest","backupType":"Snapshot"}}""");
        await AssertError(badType, HttpStatusCode.BadRequest, "BMSUserErrorInvalidInput");
        Assert.Contains("CopyOnlyFull", (await RawArm.Body(badType)).GetProperty("error").GetProperty("recommendations")[0].GetString());
        Assert.Empty(host.State.Vaults.Single().Jobs);
    }

    [Fact]
    public async Task Work_that_conflicts_with_work_in_progress_is_409()
    {
        var (arm, host) = await StartAsync();
        await using var _h = host;
        host.Settings.OperationDuration = TimeSpan.Zero;
        await arm.ProtectedAsync();
        host.Settings.OperationDuration = TimeSpan.FromSeconds(30);
        var backup = """{"properties":{"objectType":"AzureWorkloadBackupRequest","backupType":"Full"}}""";
        Assert.Equal(HttpStatusCode.Accepted, (await arm.Send(HttpMethod.Post, RawArm.ItemPath + "/backup?api-version=2025-08-01", backup)).StatusCode);
        await AssertError(await arm.Send(HttpMethod.Post, RawArm.ItemPath + "/backup?api-version=2025-08-01", backup), HttpStatusCode.Conflict, "UserErrorBackupOperationInProgress");

        var first = await arm.Send(HttpMethod.Post, RawArm.ContainerPath + "/inquire?api-version=2025-08-01");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var again = await arm.Send(HttpMethod.Post, RawArm.ContainerPath + "/inquire?api-version=2025-08-01");
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode); // the same inquiry again is the same operation...
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        var register = RawArm.Walkthrough("ProtectionContainers_Register_Request.json");
        await AssertError(await arm.Send(HttpMethod.Put, RawArm.ContainerPath + "?api-version=2025-08-01", register), HttpStatusCode.Conflict, "BMSUserErrorContainerOperationInProgress"); // ...another operation conflicts
        Assert.Single(host.State.Vaults.Single().Jobs);
    }
}
