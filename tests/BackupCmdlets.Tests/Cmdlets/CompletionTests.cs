using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// Tab completion from the connected vault, through PowerShell's own TabExpansion2 in a real runspace: names the vault
/// has, listed once and kept briefly; nothing, no request and no error when not connected.
/// </summary>
public class CompletionTests
{
    /// <summary>What Tab offers at the end of <paramref name="line"/>, as PowerShell computes it.</summary>
    static (List<string> Completions, PsRun Run) Complete(PowerShellSession ps, string line)
    {
        var run = ps.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText", ("line", line));
        return (run.Output.Select(o => o.ToString()!).ToList(), run);
    }

    [Fact]
    public async Task Policy_names_come_from_the_connected_vault_and_a_second_Tab_sends_nothing()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Connected(emulator);

        var (policies, run) = Complete(ps, "Enable-BackupProtection -PolicyName Hou");
        run.AssertNoErrors();
        Assert.Equal(["HourlyLogBackup"], policies);
        Assert.Equal(["DailyFileSharePolicy", "DailyVMPolicy", "HourlyLogBackup"], Complete(ps, "Get-BackupPolicy -Name ").Completions);

        var before = emulator.Log.Count;
        Assert.Equal(["DailyFileSharePolicy", "DailyVMPolicy"], Complete(ps, "Enable-BackupProtection -PolicyName daily").Completions);
        Assert.Equal(before, emulator.Log.Count); // kept briefly: the list was read once
    }

    [Fact]
    public async Task Connect_BackupVault_completes_resource_groups_and_vaults_of_the_subscription()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Connected(emulator);

        var (groups, run) = Complete(ps, "Connect-BackupVault -SubscriptionId 00000000-0000-0000-0000-000000000000 -ResourceGroupName SQL");
        run.AssertNoErrors();
        Assert.Equal(["SQLServerSelfHost"], groups);
        Assert.Equal(["SQLServer2012"], Complete(ps, "Connect-BackupVault -ResourceGroupName SQLServerSelfHost -Name S").Completions);
        // The subscription's groups and vaults, as Resource Manager lists them.
        Assert.Contains(emulator.Log.Entries, e => e.Method == "GET" && e.Path.EndsWith("/resourcegroups", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(emulator.Log.Entries, e => e.Method == "GET" && e.Path.EndsWith("/resourceGroups/SQLServerSelfHost/providers/Microsoft.RecoveryServices/vaults", StringComparison.OrdinalIgnoreCase));
        // A group the subscription does not have offers no vault.
        Assert.Empty(Complete(ps, "Connect-BackupVault -ResourceGroupName Elsewhere -Name S").Completions);
    }

    [Fact]
    public async Task Not_connected_completes_nothing_sends_nothing_and_raises_nothing()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Start();
        foreach (var line in new[] { "Enable-BackupProtection -PolicyName Hou", "Get-BackupJob -JobId ", "Connect-BackupVault -ResourceGroupName SQL", "Connect-BackupVault -Name S", "Get-BackupProtectableItem -ServerName sql", "Get-BackupContainer -FriendlyName " })
        {
            var (completions, run) = Complete(ps, line);
            run.AssertNoErrors();
            Assert.Empty(completions);
        }
        Assert.Equal(0, emulator.Log.Count);
    }

    [Fact]
    public async Task Servers_items_containers_and_jobs_complete_from_the_vault()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        await using var emulator = await TestEmulator.StartAsync(settings);
        using var ps = Workflow.Prepared.RegisteredAndInquired(emulator);

        Assert.Equal(["sqlserver-0"], Complete(ps, "Get-BackupProtectableItem -ServerName sql").Completions);
        Assert.Equal(["master", "model", "msdb", "MSSQLSERVER"], Complete(ps, "Get-BackupProtectableItem -Name m").Completions); // the instance is protectable too
        Assert.Equal(["sqlserver-0"], Complete(ps, "Get-BackupContainer -FriendlyName s").Completions);
        var containerName = Assert.Single(Complete(ps, "Get-BackupContainer -Name VMApp").Completions);
        Assert.Equal("'VMAppContainer;Compute;SQLServerPMDemo;sqlserver-0'", containerName); // quoted: ';' ends a statement
        Assert.Equal("sqlserver-0", ps.Run("(Get-BackupContainer -Name " + containerName + ").FriendlyName").AssertNoErrors().Output.Single().ToString()); // the completion runs as is
        Assert.Contains("ad-primary-dc", Complete(ps, "Register-BackupContainer -FriendlyName ad-").Completions);
        Assert.Empty(Complete(ps, "Get-BackupProtectedItem -Name ms").Completions); // nothing protected yet

        ps.Run("Get-BackupProtectableItem -Name msdb | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait | Out-Null").AssertNoErrors();
        Assert.Equal(["msdb"], Complete(ps, "Get-BackupProtectedItem -Name ms").Completions); // an empty list is not kept
        Assert.Equal(["sqlserver-0"], Complete(ps, "Get-BackupProtectedItem -ServerName sqlserver").Completions);
        ps.Run("Get-BackupProtectedItem -Name msdb | Start-BackupItem -Wait | Out-Null").AssertNoErrors();
        var jobs = ps.Run("Get-BackupJob | ForEach-Object JobId").AssertNoErrors().Output.Select(o => o.ToString()!).Order().ToList();
        Assert.NotEmpty(jobs);
        Assert.Equal(jobs, Complete(ps, "Stop-BackupJob -JobId ").Completions.Order());
    }
}
