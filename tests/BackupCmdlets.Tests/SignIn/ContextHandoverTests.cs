using BackupCmdlets.Infrastructure;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.SignInTests;

/// <summary>
/// A connection handed to runspaces the user makes (Connect-BackupVault -Context $using:ctx): they share the
/// client and its credential, so one sign-in and one token serve them all.
/// </summary>
// IDENTITY_ENDPOINT and IDENTITY_HEADER are process-wide: see CmdletSignInTests.
[Collection(SessionCollection.Name)]
public class ContextHandoverTests
{
    const string Connect = "Connect-BackupVault -Environment Emulator -ResourceManagerUrl $url -SubscriptionId $sub -ResourceGroupName $rg -Name $vault -Identity";

    static (string, object?)[] Vault(Emulator.EmulatorHost emulator) =>
        [("url", emulator.BaseUri), ("sub", TestEmulator.Subscription), ("rg", TestEmulator.ResourceGroup), ("vault", TestEmulator.Vault), ("manifest", PowerShellSession.ManifestPath)];

    [Fact]
    public async Task Eight_parallel_runspaces_on_one_connection_sign_in_once()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Start();
        using (SignInSupport.IdentityEndpoint(emulator))
        {
            var run = ps.Run(Connect + """
                 | Out-Null
                $ctx = Get-BackupContext
                1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
                    Import-Module $using:manifest
                    $mine = Connect-BackupVault -Context $using:ctx
                    [pscustomobject]@{
                        Same = [object]::ReferenceEquals($mine, $using:ctx)
                        Policies = @(Get-BackupPolicy).Count
                    }
                }
                """, Vault(emulator)).AssertNoErrors();

            Assert.Equal(8, run.Output.Count);
            Assert.All(run.Output, o => Assert.True((bool)o.Properties["Same"].Value));
            var seeded = ps.Run("@(Get-BackupPolicy).Count").AssertNoErrors().Output.Single().BaseObject;
            Assert.All(run.Output, o => Assert.Equal(seeded, o.Properties["Policies"].Value));
            Assert.True((int)seeded > 0);
        }
        // Nine runspaces listed policies (8 handed the connection, and this one): the emulator issued one token.
        Assert.Equal(9, emulator.Log.Entries.Count(e => e.Method == "GET" && e.Path.EndsWith("/backupPolicies", StringComparison.OrdinalIgnoreCase)));
        var token = Assert.Single(emulator.Tokens.All);
        Assert.Equal("mi:system", token.Subject);
    }

    [Fact]
    public async Task A_handed_connection_piped_in_connects_and_naming_a_vault_beside_it_is_refused_before_any_request()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var parent = PowerShellSession.Connected(emulator);
        var context = parent.Run("Get-BackupContext").AssertNoErrors().OutputOf<BackupContext>().Single();
        using var child = PowerShellSession.Start();

        var before = emulator.Log.Count;
        var refused = child.Run(StatementTerminating.Stops("Connect-BackupVault -Context $ctx -Name OtherVault"), ("ctx", context)).AssertTerminated();
        Assert.Equal("InvalidArgument,BackupCmdlets.Cmdlets.ConnectBackupVaultCommand", refused.FullyQualifiedErrorId);
        Assert.Contains("-Name", refused.Exception.Message);
        Assert.Empty(child.Run("Get-BackupContext").AssertNoErrors().Output);

        var piped = child.Run("$ctx | Connect-BackupVault", ("ctx", context)).AssertNoErrors();
        Assert.Same(context, piped.OutputOf<BackupContext>().Single());
        Assert.Equal(before, emulator.Log.Count); // taking a connection over sends nothing
        Assert.Same(context, child.Run("Get-BackupContext").AssertNoErrors().OutputOf<BackupContext>().Single());
        Assert.NotEmpty(child.Run("Get-BackupPolicy").AssertNoErrors().Output);
    }
}
