using System.Management.Automation;
using System.Reflection;
using System.Text;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Emulator;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.SignInTests;

/// <summary>
/// Connect-BackupVault's ways to sign in, Get-BackupContext and Disconnect-BackupVault, and where secrets never go,
/// typed into a real runspace: the parameter sets choose the sign-in, and PowerShell's binder refuses what no set allows.
/// </summary>
// Not for the connection (each test has its own runspace): IDENTITY_ENDPOINT and IDENTITY_HEADER are process-wide,
// and ClientSignInTests, in this collection too, sets them to its own emulators.
[Collection(SessionCollection.Name)]
public class CmdletSignInTests
{
    /// <summary>Connect-BackupVault to the emulator's vault, as a user types it; the sign-in parameters follow.</summary>
    const string Connect = "Connect-BackupVault -Environment Emulator -ResourceManagerUrl $url -SubscriptionId $sub -ResourceGroupName $rg -Name $vault";

    static (string, object?)[] Vault(EmulatorHost emulator, params (string, object?)[] more) =>
        new (string, object?)[] { ("url", emulator.BaseUri), ("sub", TestEmulator.Subscription), ("rg", TestEmulator.ResourceGroup), ("vault", TestEmulator.Vault) }
            .Concat(more).ToArray();

    [Fact]
    public async Task Connect_with_a_managed_identity_shows_in_Get_BackupContext_and_Disconnect_forgets_it()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Start();
        BackupContext context;
        using (SignInSupport.IdentityEndpoint(emulator))
        {
            context = Assert.Single(ps.Run(Connect + " -Identity -ClientId runbook-identity", Vault(emulator)).AssertNoErrors().OutputOf<BackupContext>());
            Assert.Equal(("ManagedIdentity", "runbook-identity"), (context.SignIn, context.Account));
            Assert.Same(context, Assert.Single(ps.Run("Get-BackupContext").AssertNoErrors().Output).BaseObject);
            Assert.Single(ps.Run("Get-BackupPolicy -Name HourlyLogBackup").AssertNoErrors().OutputOf<BackupPolicy>());
        }
        Assert.Equal("mi:runbook-identity", emulator.Tokens.All.Select(t => t.Subject).Distinct().Single());

        var gone = Assert.Single(ps.Run("Disconnect-BackupVault -PassThru").AssertNoErrors().OutputOf<BackupContext>());
        Assert.Same(context, gone);
        Assert.Equal(TestEmulator.Vault, gone.VaultName);
        Assert.Empty(ps.Run("Get-BackupContext").AssertNoErrors().Output);
        var before = emulator.Log.Count;
        var notConnected = ps.Run(StatementTerminating.Stops("Get-BackupPolicy")).AssertTerminated();
        Assert.Equal("NotConnected,BackupCmdlets.Cmdlets.GetBackupPolicyCommand", notConnected.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, notConnected.CategoryInfo.Category);
        Assert.Contains("Connect-BackupVault", notConnected.Exception.Message);
        Assert.Equal(before, emulator.Log.Count);
        var twice = ps.Run("Disconnect-BackupVault -PassThru -Verbose").AssertNoErrors(); // twice is harmless
        Assert.Empty(twice.Output);
        Assert.Contains(twice.Verbose, v => v.Contains("Not connected"));
    }

    [Fact]
    public async Task Connect_with_an_access_token_works_until_the_token_is_revoked_then_says_what_to_do()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Start();
        var (token, _) = emulator.Tokens.Issue(emulator.BaseUri.GetLeftPart(UriPartial.Authority), "user:admin");
        var context = Assert.Single(ps.Run(Connect + " -AccessToken $token", Vault(emulator, ("token", SignInSupport.Secure(token)))).AssertNoErrors().OutputOf<BackupContext>());
        Assert.Equal("AccessToken", context.SignIn);
        Assert.Single(ps.Run("Get-BackupPolicy -Name HourlyLogBackup").AssertNoErrors().OutputOf<BackupPolicy>());

        emulator.Tokens.Revoke(token);
        var failed = ps.Run(StatementTerminating.Stops("Get-BackupPolicy -Name HourlyLogBackup"));
        Assert.Null(failed.TerminatingError);
        var error = Assert.Single(failed.Errors);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("get a new one and connect again", error.Exception.Message);
    }

    public static TheoryData<string, string, string, string?, string?> Refusals() => new()
    {
        // what is wrong, the sign-in parameters, who refuses (PowerShell's binder's error id, or the cmdlet's
        // InvalidArgument), the parameter the cmdlet names, the cmdlet's words
        { "two ways at once", "-Identity -AccessToken $secret", "AmbiguousParameterSet", null, null },
        { "service principal without tenant", "-ServicePrincipal -ClientId app -ClientSecret $secret", "InvalidArgument", "Tenant", "needs -Tenant" },
        { "service principal with two proofs", "-ServicePrincipal -Tenant t -ClientId app -ClientSecret $secret -CertificateThumbprint AB", "AmbiguousParameterSet", null, null },
        { "service principal without a proof", "-ServicePrincipal -Tenant t -ClientId app", "AmbiguousParameterSet", null, null },
        { "service principal without client id", "-ServicePrincipal -Tenant t -ClientSecret $secret", "MissingMandatoryParameter", null, null },
        { "identity by client id and resource id", "-Identity -ClientId a -ResourceId /subscriptions/x", "InvalidArgument", "ResourceId", "not both" },
        { "an empty access token", "-AccessToken $empty", "InvalidArgument", "AccessToken", "empty" },
        { "a service principal at the emulator's http authority", "-ServicePrincipal -Tenant t -ClientId app -ClientSecret $secret", "InvalidArgument", "AuthorityHost", "needs an https authority" },
        { "device code at the emulator's http authority", "-UseDeviceAuthentication", "InvalidArgument", "AuthorityHost", "needs an https authority" },
        { "vault named twice", "-VaultId $vaultId", "InvalidArgument", "VaultId", "one way" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_sign_in_that_cannot_work_is_refused_before_any_request(string name, string signIn, string errorId, string? parameter, string? message)
    {
        _ = name;
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Start();
        var run = ps.Run(StatementTerminating.Stops(Connect + " " + signIn), Vault(emulator,
            ("secret", SignInSupport.Secure("s")), ("empty", SignInSupport.Secure("")),
            ("vaultId", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/g/providers/Microsoft.RecoveryServices/vaults/v1")));

        var error = run.AssertTerminated();
        Assert.Empty(run.Errors);
        Assert.Empty(run.Output);
        Assert.Equal(errorId + ",BackupCmdlets.Cmdlets.ConnectBackupVaultCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        if (parameter == null)
            Assert.IsAssignableFrom<ParameterBindingException>(run.Terminating); // PowerShell's parameter sets: the cmdlet never ran
        else
        {
            Assert.Contains(message!, error.Exception.Message);
            Assert.Equal(parameter, Assert.IsAssignableFrom<ArgumentException>(error.Exception).ParamName);
        }
        Assert.Equal(0, emulator.Log.Count);
        Assert.Empty(ps.Run("Get-BackupContext").AssertNoErrors().Output);
    }

    [Fact]
    public void Every_parameter_that_holds_a_secret_is_a_SecureString_or_a_PSCredential()
    {
        using var ps = PowerShellSession.Start();
        // The module's commands as PowerShell sees them, common parameters included.
        var parameters = ps.Run("""
            Get-Command -Module BackupCmdlets | ForEach-Object {
                foreach ($p in $_.Parameters.Values) {
                    if ($p.Name -match 'Secret|Password|Token|Credential') { [pscustomobject]@{ Command = $_.Name; Name = $p.Name; Type = $p.ParameterType } }
                }
            }
            """).AssertNoErrors().Output.Select(o => (Command: (string)o.Properties["Command"].Value, Name: (string)o.Properties["Name"].Value, Type: (Type)o.Properties["Type"].Value)).ToList();
        Assert.Equal(["AccessToken", "CertificatePassword", "ClientSecret", "Credential"], parameters.Select(p => p.Name).Order());
        Assert.All(parameters, p => Assert.Equal("Connect-BackupVault", p.Command));
        Assert.All(parameters, p => Assert.True(p.Type == typeof(System.Security.SecureString) || p.Type == typeof(PSCredential), $"-{p.Name} is {p.Type.Name}"));
    }

    public static TheoryData<string, string> SecretsTypedInClear() => new()
    {
        // the parameter, the rest of its parameter set
        { "AccessToken", "" },
        { "ClientSecret", "-ServicePrincipal -Tenant t -ClientId app" },
        { "CertificatePassword", "-ServicePrincipal -Tenant t -ClientId app -CertificatePath cert.pfx" },
        { "Credential", "-ServicePrincipal -Tenant t" },
    };

    [Theory]
    [MemberData(nameof(SecretsTypedInClear))]
    public async Task A_secret_typed_in_clear_is_refused_by_PowerShell_without_repeating_it(string parameter, string rest)
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Start();
        var secret = "clear-" + Guid.NewGuid().ToString("N");

        var run = ps.Run(StatementTerminating.Stops($"{Connect} {rest} -{parameter} '{secret}' -Verbose -Debug"), Vault(emulator));

        var error = run.AssertTerminated();
        Assert.StartsWith("CannotConvertArgument", error.FullyQualifiedErrorId);
        Assert.EndsWith(",BackupCmdlets.Cmdlets.ConnectBackupVaultCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(parameter, Assert.IsAssignableFrom<ParameterBindingException>(run.Terminating).ParameterName);
        Assert.Equal(0, emulator.Log.Count);
        Assert.Empty(ps.Run("Get-BackupContext").AssertNoErrors().Output);
        // The command line holds what the user typed; nothing PowerShell or the module says repeats it.
        var said = Said(new[] { run }, includeInvocation: false);
        Assert.Contains($"'{parameter}'", said); // the refusal itself is in what was checked
        Assert.DoesNotContain(secret, said);
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
        var spSecret = "sp-secret-" + Guid.NewGuid().ToString("N");
        using var ps = PowerShellSession.Start();
        var runs = new List<PsRun>();
        PsRun Run(string script, params (string, object?)[] variables)
        {
            var run = ps.Run(script, variables);
            runs.Add(run);
            return run;
        }

        // A runbook's whole workflow with a managed identity, every cmdlet with -Verbose -Debug: discovery to a finished backup, plus a few failures.
        using (SignInSupport.IdentityEndpoint(emulator))
        {
            Run(Connect + " -Identity -Verbose -Debug", Vault(emulator)).AssertNoErrors();
            Run("Invoke-BackupContainerRefresh -Wait -Verbose -Debug").AssertNoErrors();
            Run("""
                $container = Register-BackupContainer -FriendlyName sqlserver-0 -Wait -Verbose -Debug
                $inquired = $container | Invoke-BackupContainerInquiry -Wait -Verbose -Debug
                $items = $inquired | Get-BackupProtectableItem -FriendlyName msdb -Verbose -Debug
                $protected = $items | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait -Verbose -Debug
                $container; $inquired; $items; $protected
                """).AssertNoErrors();
            Run("$jobs = $protected | Start-BackupItem -Wait -Verbose -Debug; $jobs").AssertNoErrors();
            Run("$jobs | Wait-BackupJob -PollInterval 0.1 -Verbose -Debug").AssertNoErrors();
            var noSuchPolicy = Run(StatementTerminating.Stops("Get-BackupPolicy -Name NoSuchPolicy -Verbose -Debug"));
            Assert.Null(noSuchPolicy.TerminatingError);
            Assert.Single(noSuchPolicy.Errors);
            Run("Get-BackupContext -Verbose -Debug").AssertNoErrors();
        }
        // With a given token, used until revoked.
        var (token, _) = emulator.Tokens.Issue(emulator.BaseUri.GetLeftPart(UriPartial.Authority), "user:admin");
        Run(Connect + " -AccessToken $token -Verbose -Debug", Vault(emulator, ("token", SignInSupport.Secure(token)))).AssertNoErrors();
        Run("Get-BackupJob -Verbose -Debug").AssertNoErrors();
        emulator.Tokens.Revoke(token);
        Assert.NotEmpty(Run("Get-BackupProtectedItem -Verbose -Debug").AllErrors);
        Run(StatementTerminating.Stops(Connect + " -AccessToken $token -Verbose -Debug"), Vault(emulator, ("token", SignInSupport.Secure(token)))).AssertTerminated();
        // A service principal's secret, refused at the emulator's http authority.
        Run(StatementTerminating.Stops(Connect + " -ServicePrincipal -Tenant t -ClientId app -ClientSecret $spSecret -Verbose -Debug"), Vault(emulator, ("spSecret", SignInSupport.Secure(spSecret)))).AssertTerminated();

        Assert.Contains(runs.SelectMany(r => r.OutputOf<BackupJob>()), j => j.Status == "Completed"); // the workflow did run
        Assert.True(runs.Sum(r => r.AllErrors.Count()) >= 3, "the run should include failures, whose messages are checked too");
        Assert.Contains(runs, r => r.Verbose.Count > 0); // -Verbose was heard, so its stream is checked with something in it
        var secrets = emulator.Tokens.All.Select(t => t.Token).Append(emulator.Settings.IdentityHeader).Append(spSecret).ToList();
        Assert.True(secrets.Count >= 4);
        var text = Said(runs, includeInvocation: true);
        // Everything written, also as PowerShell itself formats it.
        var outputs = runs.SelectMany(r => r.Output).Select(o => o.BaseObject).ToArray();
        text += ps.Run("$all | Format-List -Property * | Out-String -Width 4096", ("all", outputs)).AssertNoErrors().Output.Single();
        Assert.Contains("Performing the operation", text); // ShouldProcess's words under -Verbose are in what was checked
        Assert.Contains("HourlyLogBackup", text); // and so is the formatted output
        Assert.All(secrets, s => Assert.DoesNotContain(s, text));
        // -Debug's request traces were in what was checked, with real headers and bodies (issue 11): the bearer token hidden, the rest shown.
        var debug = runs.SelectMany(r => r.Debug).ToList();
        Assert.Contains(debug, d => d.StartsWith("Request: PUT ", StringComparison.Ordinal) && d.Contains("Authorization: " + BackupCmdlets.Client.Tracing.SecretRedactor.Hidden) && d.Contains("\"policyId\""));
        Assert.Contains(debug, d => d.StartsWith("Response: 200", StringComparison.Ordinal) && d.Contains("x-ms-request-id: ") && d.Contains("HourlyLogBackup"));
        Assert.DoesNotContain(debug, d => d.Contains("Bearer ", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Everything a run said: output, every stream, and each error record's text, target and details.</summary>
    static string Said(IEnumerable<PsRun> runs, bool includeInvocation)
    {
        var seen = new StringBuilder();
        foreach (var r in runs)
        {
            foreach (var o in r.Output) seen.AppendLine(o.ToString()).AppendLine(Describe(o.BaseObject));
            foreach (var e in r.AllErrors)
            {
                seen.AppendLine(e.ToString()).AppendLine(e.Exception.ToString()).AppendLine(e.FullyQualifiedErrorId).AppendLine(e.CategoryInfo.ToString())
                    .AppendLine(e.ErrorDetails?.Message).AppendLine(e.ErrorDetails?.RecommendedAction)
                    .AppendLine(e.TargetObject == null ? "" : e.TargetObject + "\n" + Describe(e.TargetObject));
                if (includeInvocation) seen.AppendLine(e.InvocationInfo?.PositionMessage);
            }
            foreach (var v in r.Verbose) seen.AppendLine(v);
            foreach (var w in r.Warnings) seen.AppendLine(w);
            foreach (var d in r.Debug) seen.AppendLine(d);
            foreach (var i in r.Information) seen.AppendLine(i);
            foreach (var p in r.Progress) seen.AppendLine(p.Activity + " " + p.StatusDescription + " " + p.CurrentOperation);
        }
        return seen.ToString();
    }

    /// <summary>Every public property's value, as Format-List would show it.</summary>
    static string Describe(object o) => string.Join("\n", o.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetIndexParameters().Length == 0)
        .Select(p => { try { return $"{p.Name}={p.GetValue(o)}"; } catch (TargetInvocationException) { return p.Name; } }))
        + (o is BackupResource r ? "\n" + r.ToJson() : "");
}
