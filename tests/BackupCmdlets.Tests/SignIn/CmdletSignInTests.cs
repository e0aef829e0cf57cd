#if STAND_IN_ENGINE // not yet ported to real runspaces (issue 8)
using System.Management.Automation;
using System.Reflection;
using System.Security;
using System.Text;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Cmdlets;
using BackupCmdlets.Emulator;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.SignInTests;

/// <summary>Connect-BackupVault's ways to sign in, Get-BackupContext and Disconnect-BackupVault, and where secrets never go.</summary>
[Collection(SessionCollection.Name)]
public class CmdletSignInTests
{
    static ConnectBackupVaultCommand Connect(EmulatorHost emulator, Action<ConnectBackupVaultCommand> signIn)
    {
        var c = new ConnectBackupVaultCommand
        {
            SubscriptionId = TestEmulator.Subscription, ResourceGroupName = TestEmulator.ResourceGroup, Name = TestEmulator.Vault,
            Environment = "Emulator", ResourceManagerUrl = emulator.BaseUri,
        };
        signIn(c);
        return c;
    }

    [Fact]
    public async Task Connect_with_a_managed_identity_shows_in_Get_BackupContext_and_Disconnect_forgets_it()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using (SignInSupport.IdentityEndpoint(emulator))
        {
            var context = Pipeline.Run(Connect(emulator, c => { c.IdentityRequested = true; c.ClientId = "runbook-identity"; })).AssertNoErrors().OutputOf<BackupContext>().Single();
            Assert.Equal(("ManagedIdentity", "runbook-identity"), (context.SignIn, context.Account));
            Assert.Same(context, Pipeline.Run(new GetBackupContextCommand()).Output.Single());
            Assert.Single(Pipeline.Run(new GetBackupPolicyCommand { Name = new[] { "HourlyLogBackup" } }).AssertNoErrors().Output);
        }
        Assert.Equal("mi:runbook-identity", emulator.Tokens.All.Select(t => t.Subject).Distinct().Single());

        var gone = Pipeline.Run(new DisconnectBackupVaultCommand { PassThruRequested = true }).Output.Single();
        Assert.Equal(TestEmulator.Vault, ((BackupContext)gone).VaultName);
        Assert.Empty(Pipeline.Run(new GetBackupContextCommand()).Output);
        var e = Assert.Throws<TerminatingErrorException>(() => Pipeline.Run(new GetBackupPolicyCommand()));
        Assert.Contains("Connect-BackupVault", e.Message);
        Assert.Empty(Pipeline.Run(new DisconnectBackupVaultCommand()).Output); // twice is harmless
    }

    [Fact]
    public async Task Connect_with_an_access_token_works_until_the_token_is_revoked_then_says_what_to_do()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var (token, _) = emulator.Tokens.Issue(emulator.BaseUri.GetLeftPart(UriPartial.Authority), "user:admin");
        var context = Pipeline.Run(Connect(emulator, c => c.AccessToken = SignInSupport.Secure(token))).AssertNoErrors().OutputOf<BackupContext>().Single();
        Assert.Equal("AccessToken", context.SignIn);
        emulator.Tokens.Revoke(token);
        var failed = Pipeline.Run(new GetBackupPolicyCommand { Name = new[] { "HourlyLogBackup" } });
        var error = Assert.Single(failed.Errors);
        Assert.Equal(ErrorCategory.AuthenticationError, error.Category);
        Assert.Contains("get a new one and connect again", error.Exception.Message);
    }

    public static TheoryData<string, Action<ConnectBackupVaultCommand>, string, string> Refusals() => new()
    {
        { "two ways at once", c => { c.IdentityRequested = true; c.AccessToken = SignInSupport.Secure("x"); }, "ServicePrincipal", "Choose one way to sign in" },
        { "service principal without tenant", c => { c.ServicePrincipalRequested = true; c.ClientId = "app"; c.ClientSecret = SignInSupport.Secure("s"); }, "Tenant", "needs -Tenant" },
        { "service principal with two proofs", c => { c.ServicePrincipalRequested = true; c.Tenant = "t"; c.ClientId = "app"; c.ClientSecret = SignInSupport.Secure("s"); c.CertificateThumbprint = "AB"; }, "ClientSecret", "exactly one of" },
        { "service principal without a proof", c => { c.ServicePrincipalRequested = true; c.Tenant = "t"; c.ClientId = "app"; }, "ClientSecret", "exactly one of" },
        { "service principal without client id", c => { c.ServicePrincipalRequested = true; c.Tenant = "t"; c.ClientSecret = SignInSupport.Secure("s"); }, "ClientId", "needs -ClientId" },
        { "identity by client id and resource id", c => { c.IdentityRequested = true; c.ClientId = "a"; c.ResourceId = "/subscriptions/x"; }, "ResourceId", "not both" },
        { "an empty access token", c => c.AccessToken = SignInSupport.Secure(""), "AccessToken", "empty" },
        { "a service principal at the emulator's http authority", c => { c.ServicePrincipalRequested = true; c.Tenant = "t"; c.ClientId = "app"; c.ClientSecret = SignInSupport.Secure("s"); }, "AuthorityHost", "needs an https authority" },
        { "device code at the emulator's http authority", c => c.DeviceCodeRequested = true, "AuthorityHost", "needs an https authority" },
        { "vault named twice", c => c.VaultId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/g/providers/Microsoft.RecoveryServices/vaults/v", "VaultId", "one way" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_sign_in_that_cannot_work_is_refused_before_any_request(string name, Action<ConnectBackupVaultCommand> signIn, string parameter, string message)
    {
        _ = name;
        await using var emulator = await TestEmulator.StartAsync();
        var e = Assert.Throws<TerminatingErrorException>(() => Pipeline.Run(Connect(emulator, signIn)));
        Assert.Equal(ErrorCategory.InvalidArgument, e.Error.Category);
        Assert.Contains(message, e.Message);
        Assert.Equal(parameter, ((ArgumentException)e.Error.Exception).ParamName);
        Assert.Equal(0, emulator.Log.Count);
    }

    [Fact]
    public void Every_parameter_that_holds_a_secret_is_a_SecureString_or_a_PSCredential()
    {
        // PowerShell's binder will not turn a plain string into either, so a secret typed in clear is refused.
        var secretish = new[] { "Secret", "Password", "Token", "Credential" };
        var parameters = typeof(ConnectBackupVaultCommand).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(BackupCmdletBase)))
            .SelectMany(t => t.GetProperties().Where(p => p.GetCustomAttributesData().Any(a => a.AttributeType == typeof(ParameterAttribute))))
            .Where(p => secretish.Any(s => p.Name.Contains(s))).ToList();
        Assert.Equal(["AccessToken", "CertificatePassword", "ClientSecret", "Credential"], parameters.Select(p => p.Name).Order());
        Assert.All(parameters, p => Assert.True(p.PropertyType == typeof(SecureString) || p.PropertyType == typeof(PSCredential), $"-{p.Name} is {p.PropertyType.Name}"));
    }

    [Fact]
    public async Task No_secret_or_token_appears_in_any_stream_or_error_of_a_whole_workflow()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(200);
        settings.JobDuration = TimeSpan.FromMilliseconds(300);
        settings.RetryAfterSeconds = 0;
        settings.TokenLifetime = TimeSpan.FromSeconds(2); // several tokens over the run, all of which must stay out of sight
        await using var emulator = await TestEmulator.StartAsync(settings);
        emulator.Settings.IdentityHeader = "identity-header-" + Guid.NewGuid().ToString("N");
        var hosts = new List<RecordingHost>();
        RecordingHost Run(BackupCmdletBase cmdlet, IEnumerable<object>? input = null)
        {
            try { var h = Pipeline.Run(cmdlet, input); hosts.Add(h); return h; }
            catch (TerminatingErrorException e) { var h = new RecordingHost(); h.Errors.Add(e.Error); hosts.Add(h); return h; }
        }

        // A runbook's whole workflow with a managed identity: discovery to a finished backup, plus a few failures.
        using (SignInSupport.IdentityEndpoint(emulator))
        {
            Run(Connect(emulator, c => c.IdentityRequested = true));
            Run(new InvokeBackupContainerRefreshCommand { WaitRequested = true });
            var container = Run(new RegisterBackupContainerCommand { FriendlyName = "sqlserver-0", WaitRequested = true }).Output;
            var inquired = Run(new InvokeBackupContainerInquiryCommand { WaitRequested = true }, container).Output;
            var items = Run(new GetBackupProtectableItemCommand { FriendlyName = new[] { "msdb" } }, inquired).Output;
            var protectedItems = Run(new EnableBackupProtectionCommand { PolicyName = "HourlyLogBackup", WaitRequested = true }, items).Output;
            var jobs = Run(new StartBackupItemCommand { WaitRequested = true }, protectedItems).Output;
            Run(new WaitBackupJobCommand { PollInterval = 0.1 }, jobs);
            Run(new GetBackupPolicyCommand { Name = new[] { "NoSuchPolicy" } });
            Run(new GetBackupContextCommand());
        }
        // And with a given token, used until revoked.
        var (token, _) = emulator.Tokens.Issue(emulator.BaseUri.GetLeftPart(UriPartial.Authority), "user:admin");
        Run(Connect(emulator, c => c.AccessToken = SignInSupport.Secure(token)));
        Run(new GetBackupJobCommand());
        emulator.Tokens.Revoke(token);
        Run(new GetBackupProtectedItemCommand());
        Run(Connect(emulator, c => c.AccessToken = SignInSupport.Secure(token)));

        Assert.Contains(hosts.SelectMany(h => h.OutputOf<BackupJob>()), j => j.Status == "Completed"); // the workflow did run
        Assert.True(hosts.Sum(h => h.Errors.Count) >= 3, "the run should include failures, whose messages are checked too");
        var secrets = emulator.Tokens.All.Select(t => t.Token).Append(emulator.Settings.IdentityHeader).ToList();
        Assert.True(secrets.Count >= 3);
        var seen = new StringBuilder();
        foreach (var h in hosts)
        {
            foreach (var o in h.Output) seen.AppendLine(Describe(o));
            foreach (var e in h.Errors) seen.AppendLine(e.Exception.ToString()).AppendLine(e.ErrorId).AppendLine(e.Target?.ToString());
            foreach (var v in h.Verbose) seen.AppendLine(v);
            foreach (var w in h.Warnings) seen.AppendLine(w);
            foreach (var p in h.Progress) seen.AppendLine(p.Activity + " " + p.Status);
            foreach (var s in h.ShouldProcessCalls) seen.AppendLine(s.Target + " " + s.Action);
        }
        var text = seen.ToString();
        Assert.All(secrets, s => Assert.DoesNotContain(s, text));
    }

    /// <summary>Every public property's value, as Format-List would show it.</summary>
    static string Describe(object o) => string.Join("\n", o.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetIndexParameters().Length == 0)
        .Select(p => { try { return $"{p.Name}={p.GetValue(o)}"; } catch (TargetInvocationException) { return p.Name; } }))
        + (o is BackupResource r ? "\n" + r.ToJson() : "");
}
#endif
