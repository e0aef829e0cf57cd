using System.Net;
using System.Security;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Connection;
using BackupCmdlets.Emulator;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.SignInTests;

/// <summary>
/// Real Azure.Identity credentials against the emulator's token endpoints, each followed by a call
/// that needs authorisation. Managed identity reads process-wide environment variables, so these
/// run in the session collection, one at a time.
/// </summary>
[Collection(SessionCollection.Name)]
public class ClientSignInTests
{
    static BackupClient Client(EmulatorHost emulator, ConnectionSettings settings, Action<BackupClientOptions>? configure = null)
    {
        settings.Environment = "Emulator";
        settings.ResourceManagerUrl = emulator.BaseUri;
        var options = new BackupClientOptions { DefaultPollInterval = TimeSpan.FromMilliseconds(100) };
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        if (emulator.BaseUri.Scheme == "https") options.Transport = TestCertificate.TrustingTransport();
        configure?.Invoke(options);
        return BackupClient.Create(settings, options);
    }

    [Theory]
    [InlineData(null, null, "mi:system")]
    [InlineData("5e2ab6b4-0b4a-4d4e-9a53-0d0f1a7e6c11", null, "mi:5e2ab6b4-0b4a-4d4e-9a53-0d0f1a7e6c11")]
    [InlineData(null, "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ops/providers/Microsoft.ManagedIdentity/userAssignedIdentities/backup-runner", "mi:/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ops/providers/Microsoft.ManagedIdentity/userAssignedIdentities/backup-runner")]
    public async Task A_managed_identity_signs_in_through_IDENTITY_ENDPOINT_as_in_Azure_Automation(string? clientId, string? resourceId, string subject)
    {
        await using var emulator = await TestEmulator.StartAsync();
        emulator.Settings.IdentityHeader = "header-" + Guid.NewGuid().ToString("N");
        using (SignInSupport.IdentityEndpoint(emulator))
        {
            var client = Client(emulator, new ConnectionSettings { SignIn = SignInMethod.ManagedIdentity, ClientId = clientId, ManagedIdentityResourceId = resourceId });
            Assert.Equal("SQLServer2012", (await client.GetVaultAsync(TestEmulator.VaultId)).Name);
        }
        var issued = Assert.Single(emulator.Tokens.All);
        Assert.Equal((subject, "identity-header"), (issued.Subject, issued.Proof));
        Assert.Contains(emulator.Log.Entries, e => e.Path == "/msi/token" && e.Status == 200);
    }

    [Fact]
    public async Task A_managed_identity_signs_in_through_the_instance_metadata_service_as_on_a_VM()
    {
        await using var emulator = await TestEmulator.StartAsync();
        // No IDENTITY_ENDPOINT: the VM's metadata service, here at the emulator (the override Azure.Identity honours for IMDS).
        using (new SignInSupport.EnvironmentScope(("IDENTITY_ENDPOINT", null), ("AZURE_POD_IDENTITY_AUTHORITY_HOST", emulator.BaseUri.GetLeftPart(UriPartial.Authority))))
        {
            var client = Client(emulator, new ConnectionSettings { SignIn = SignInMethod.ManagedIdentity });
            Assert.Equal("SQLServer2012", (await client.GetVaultAsync(TestEmulator.VaultId)).Name);
        }
        var issued = Assert.Single(emulator.Tokens.All);
        Assert.Equal(("mi:system", "metadata"), (issued.Subject, issued.Proof));
    }

    [Fact]
    public async Task A_service_principal_signs_in_with_a_secret_at_an_https_authority()
    {
        var settings = TestEmulator.FastSettings();
        settings.Certificate = TestCertificate.Server;
        await using var emulator = await EmulatorHost.StartAsync(settings, "https://127.0.0.1:0");
        var client = Client(emulator, new ConnectionSettings
        {
            SignIn = SignInMethod.ServicePrincipalSecret, TenantId = "contoso-tenant", ClientId = "app-" + Guid.NewGuid().ToString("N"), ClientSecret = SignInSupport.Secure("s3cret-value"),
        });
        Assert.Equal("SQLServer2012", (await client.GetVaultAsync(TestEmulator.VaultId)).Name);
        var issued = Assert.Single(emulator.Tokens.All);
        Assert.StartsWith("sp:app-", issued.Subject);
        Assert.Equal("secret", issued.Proof);
        Assert.Contains(emulator.Log.Entries, e => e.Method == "POST" && e.Path == "/contoso-tenant/oauth2/v2.0/token" && e.Status == 200);
    }

    [Fact]
    public async Task A_service_principal_signs_in_with_a_certificate()
    {
        var settings = TestEmulator.FastSettings();
        settings.Certificate = TestCertificate.Server;
        await using var emulator = await EmulatorHost.StartAsync(settings, "https://127.0.0.1:0");
        var (path, password) = TestCertificate.ClientPfx();
        try
        {
            var client = Client(emulator, new ConnectionSettings
            {
                SignIn = SignInMethod.ServicePrincipalCertificate, TenantId = "contoso-tenant", ClientId = "cert-app", CertificatePath = path, CertificatePassword = SignInSupport.Secure(password),
            });
            Assert.Equal("SQLServer2012", (await client.GetVaultAsync(TestEmulator.VaultId)).Name);
        }
        finally { File.Delete(path); }
        var issued = Assert.Single(emulator.Tokens.All);
        Assert.Equal(("sp:cert-app", "assertion"), (issued.Subject, issued.Proof)); // a signed assertion, no secret
    }

    [Fact]
    public async Task Device_code_sign_in_shows_the_instruction_and_waits_for_the_user()
    {
        var settings = TestEmulator.FastSettings();
        settings.Certificate = TestCertificate.Server;
        await using var emulator = await EmulatorHost.StartAsync(settings, "https://127.0.0.1:0");
        emulator.Tokens.ApproveDeviceCodesAtOnce = false;
        var prompts = new List<string>();
        var client = Client(emulator, new ConnectionSettings { SignIn = SignInMethod.DeviceCode, TenantId = "contoso-tenant", DeviceCodePrompt = prompts.Add });

        var call = client.GetVaultAsync(TestEmulator.VaultId);
        while (prompts.Count == 0 && !call.IsCompleted) await Task.Delay(50);
        var prompt = Assert.Single(prompts);
        Assert.Contains("/devicelogin", prompt);
        var userCode = prompt.Split(' ').SkipWhile(w => w != "code").Skip(1).First();
        await Task.Delay(300);
        if (call.IsFaulted) Assert.Fail(call.Exception!.ToString());
        Assert.False(call.IsCompleted); // still waiting for the user
        emulator.Tokens.Approve(userCode, "ops@contoso.example");

        Assert.Equal("SQLServer2012", (await call.WaitAsync(TimeSpan.FromSeconds(30))).Name);
        var issued = Assert.Single(emulator.Tokens.All);
        Assert.Equal(("user:ops@contoso.example", "device-code"), (issued.Subject, issued.Proof));
    }

    [Fact]
    public async Task A_given_access_token_is_used_and_an_expired_one_is_refused_before_any_request()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var (token, _) = emulator.Tokens.Issue(emulator.BaseUri.GetLeftPart(UriPartial.Authority), "user:admin");
        var client = Client(emulator, new ConnectionSettings { SignIn = SignInMethod.AccessToken, AccessToken = SignInSupport.Secure(token) });
        Assert.Equal("SQLServer2012", (await client.GetVaultAsync(TestEmulator.VaultId)).Name);

        // A JWT whose exp claim has passed: refused here, with what to do, and nothing sent.
        static string Part(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var expiredAt = DateTimeOffset.UtcNow.AddMinutes(-3);
        var jwt = Part("{\"alg\":\"none\"}") + "." + Part($"{{\"aud\":\"x\",\"exp\":{expiredAt.ToUnixTimeSeconds()}}}") + ".sig";
        var before = emulator.Log.Count;
        var expired = Client(emulator, new ConnectionSettings { SignIn = SignInMethod.AccessToken, AccessToken = SignInSupport.Secure(jwt) });
        var e = await Assert.ThrowsAsync<BackupAuthenticationException>(() => expired.GetVaultAsync(TestEmulator.VaultId));
        Assert.Contains("expired at " + expiredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm"), e.Message);
        Assert.Contains("Get-AzAccessToken", e.Message);
        Assert.DoesNotContain(jwt, e.Message);
        Assert.Equal(before, emulator.Log.Count);
    }

    [Fact]
    public async Task A_revoked_access_token_gets_one_clear_error_and_no_retry_loop()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var (token, _) = emulator.Tokens.Issue(emulator.BaseUri.GetLeftPart(UriPartial.Authority), "user:admin");
        var client = Client(emulator, new ConnectionSettings { SignIn = SignInMethod.AccessToken, AccessToken = SignInSupport.Secure(token) });
        await client.GetVaultAsync(TestEmulator.VaultId);
        emulator.Tokens.Revoke(token);
        var before = emulator.Log.Count;

        var e = await Assert.ThrowsAsync<BackupAuthenticationException>(() => client.GetVaultAsync(TestEmulator.VaultId));
        Assert.Equal(401, e.Status);
        Assert.Contains("no longer accepted", e.Message);
        Assert.DoesNotContain(token, e.Message);
        Assert.Equal(before + 1, emulator.Log.Count); // one request, no renewal to try, no retry
    }

    [Fact]
    public async Task A_wait_across_token_expiry_renews_the_token_before_it_expires()
    {
        var settings = TestEmulator.FastSettings();
        settings.TokenLifetime = TimeSpan.FromSeconds(3);
        settings.OperationDuration = TimeSpan.FromSeconds(7);
        settings.RetryAfterSeconds = 1;
        await using var emulator = await EmulatorHost.StartAsync(settings);
        var client = Client(emulator, new ConnectionSettings(), o => o.TokenRefreshMargin = TimeSpan.FromSeconds(1));

        var operation = await client.RefreshContainersAsync(TestEmulator.VaultId);
        await client.WaitForOperationAsync(operation);

        Assert.Equal("Succeeded", operation.Status);
        Assert.True(emulator.Tokens.All.Count >= 3, $"expected the token renewed across the 7-second wait, saw {emulator.Tokens.All.Count} tokens");
        Assert.DoesNotContain(emulator.Log.Entries, e => e.Status == 401); // renewed before expiry, never refused
    }

    [Fact]
    public async Task A_token_refused_with_a_challenge_is_renewed_once_and_the_request_sent_once_more()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var client = Client(emulator, new ConnectionSettings());
        await client.GetVaultAsync(TestEmulator.VaultId);
        foreach (var t in emulator.Tokens.All) emulator.Tokens.Revoke(t.Token); // as when a token is revoked while cached

        Assert.Equal("SQLServer2012", (await client.GetVaultAsync(TestEmulator.VaultId)).Name);
        Assert.Single(emulator.Log.Entries, e => e.Status == 401);
        Assert.Equal(2, emulator.Tokens.All.Count); // the revoked one, and one new one
    }

    [Fact]
    public async Task A_disabled_service_principal_gets_one_clear_error()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var client = Client(emulator, new ConnectionSettings());
        await client.GetVaultAsync(TestEmulator.VaultId);
        emulator.Tokens.Disable("backupcmdlets-emulator"); // the emulator credential's client id; its tokens stop working too
        var before = emulator.Log.Count;

        var e = await Assert.ThrowsAsync<BackupAuthenticationException>(() => client.GetVaultAsync(TestEmulator.VaultId));
        Assert.Contains("is disabled", e.Message);
        var after = emulator.Log.Entries.Skip(before).ToList();
        Assert.Equal(["GET 401", "POST 401"], after.Select(r => $"{r.Method} {r.Status}")); // the refused call, one failed renewal, nothing more
    }
}
