using System.Management.Automation;
using System.Text.RegularExpressions;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Emulator;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Tests.Support;
using static BackupCmdlets.Tests.Support.CmdletErrorChecks;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>What users meet when they type the cmdlets: connection, WhatIf, filters, refusals, errors and waits, in a real runspace.</summary>
public class CmdletBehaviourTests
{
    static async Task<(EmulatorHost Emulator, PowerShellSession Ps)> ReadyAsync(Action<EmulatorSettings>? change = null)
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        settings.RetryAfterSeconds = 0;
        change?.Invoke(settings);
        var emulator = await TestEmulator.StartAsync(settings);
        return (emulator, Workflow.Prepared.RegisteredAndInquired(emulator));
    }

    static int Requests(EmulatorHost e) => e.Log.Count;

    const string ConnectTo = "Connect-BackupVault -Environment Emulator -ResourceManagerUrl $url";

    [Fact]
    public async Task Connect_refuses_a_malformed_subscription_before_any_request()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Start();
        var e = ps.Caught(ConnectTo + " -SubscriptionId 00000000-0000-0000-0000-0000000000 -ResourceGroupName rg -Name v", ("url", emulator.BaseUri)).Terminating();
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.EndsWith(",BackupCmdlets.Cmdlets.ConnectBackupVaultCommand", e.FullyQualifiedErrorId);
        Assert.Contains("-SubscriptionId", e.Exception.Message);
        Assert.Equal(0, Requests(emulator));
        Assert.Empty(ps.Run("Get-BackupContext").AssertNoErrors().Output);
    }

    [Fact]
    public async Task Connect_to_an_unknown_vault_stops_with_the_service_error_and_keeps_no_context()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Start();
        var e = ps.Caught(ConnectTo + " -SubscriptionId $sub -ResourceGroupName SQLServerSelfHost -Name Missing", ("url", emulator.BaseUri), ("sub", TestEmulator.Subscription)).Terminating();
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.StartsWith("ResourceNotFound,", e.FullyQualifiedErrorId);
        Assert.EndsWith(",BackupCmdlets.Cmdlets.ConnectBackupVaultCommand", e.FullyQualifiedErrorId);
        Assert.Empty(ps.Run("Get-BackupContext").AssertNoErrors().Output);
        Assert.Equal("NotConnected,BackupCmdlets.Cmdlets.GetBackupPolicyCommand", ps.Caught("Get-BackupPolicy").Terminating().FullyQualifiedErrorId);
    }

    [Fact]
    public void Connect_refuses_plain_http_to_a_remote_host()
    {
        using var ps = PowerShellSession.Start();
        var e = ps.Caught("Connect-BackupVault -SubscriptionId $sub -ResourceGroupName rg -Name v1 -ResourceManagerUrl http://management.example.com/", ("sub", TestEmulator.Subscription)).Terminating();
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Contains("https", e.Exception.Message);
        Assert.Empty(ps.Run("Get-BackupContext").AssertNoErrors().Output);
    }

    /// <summary>Every cmdlet that works on a vault, invoked the way a user would before connecting.</summary>
    static readonly Dictionary<string, string> NeedsConnection = new()
    {
        ["Invoke-BackupContainerRefresh"] = "Invoke-BackupContainerRefresh",
        ["Get-BackupProtectableContainer"] = "Get-BackupProtectableContainer",
        ["Register-BackupContainer"] = "Register-BackupContainer -FriendlyName sqlserver-0",
        ["Get-BackupContainer"] = "Get-BackupContainer",
        ["Invoke-BackupContainerInquiry"] = "$container | Invoke-BackupContainerInquiry",
        ["Get-BackupProtectableItem"] = "Get-BackupProtectableItem",
        ["Get-BackupPolicy"] = "Get-BackupPolicy -Name HourlyLogBackup",
        ["Enable-BackupProtection"] = "$protectable | Enable-BackupProtection -PolicyName HourlyLogBackup",
        ["Get-BackupProtectedItem"] = "Get-BackupProtectedItem",
        ["Start-BackupItem"] = "$item | Start-BackupItem -BackupType Full",
        ["Wait-BackupOperation"] = "$operation | Wait-BackupOperation",
        ["Get-BackupJob"] = "Get-BackupJob",
        ["Wait-BackupJob"] = "$job | Wait-BackupJob",
        ["Stop-BackupJob"] = "Stop-BackupJob -JobId 00000000-0000-0000-0000-000000000001",
        ["Get-BackupRecoveryPoint"] = "$item | Get-BackupRecoveryPoint",
        ["Enable-BackupAutoProtection"] = "$protectable | Enable-BackupAutoProtection -PolicyName HourlyLogBackup",
        ["Disable-BackupAutoProtection"] = "$protectable | Disable-BackupAutoProtection",
        ["Get-BackupAutoProtection"] = "Get-BackupAutoProtection",
        ["Disable-BackupProtection"] = "$item | Disable-BackupProtection -Confirm:$false",
        ["Set-BackupProtection"] = "$item | Set-BackupProtection -PolicyName HourlyLogBackup",
        ["Unregister-BackupContainer"] = "$container | Unregister-BackupContainer -Confirm:$false",
        ["Undo-BackupItemDeletion"] = "$item | Undo-BackupItemDeletion",
        ["Restore-BackupItem"] = "$point | Restore-BackupItem -OriginalLocation -Confirm:$false",
    };

    public static IEnumerable<object[]> CmdletsNeedingAConnection() => NeedsConnection.Keys.Select(k => new object[] { k });

    [Fact]
    public void Every_cmdlet_but_connecting_disconnecting_and_reading_the_context_is_checked_for_a_connection()
    {
        var withoutConnection = new[] { "Connect-BackupVault", "Disconnect-BackupVault", "Get-BackupContext" };
        Assert.Equal(ModuleMetadata.Cmdlets.Select(ModuleMetadata.Name).Except(withoutConnection).OrderBy(n => n), NeedsConnection.Keys.OrderBy(n => n));
    }

    [Theory]
    [MemberData(nameof(CmdletsNeedingAConnection))]
    public void A_cmdlet_without_a_connection_stops_with_a_clear_error_naming_Connect_BackupVault(string command)
    {
        using var ps = PowerShellSession.Start();
        var here = CmdletInputObjects.Here;
        var operation = new BackupOperation(BackupOperationKind.Refresh, TestEmulator.VaultId, here + "/backupFabrics/Azure", "Azure",
            "http://127.0.0.1:1/operationStatus/1", null, TimeSpan.Zero, "r1", DateTimeOffset.UtcNow);

        var caught = ps.Caught(NeedsConnection[command],
            ("container", CmdletInputObjects.ContainerIn(here)), ("protectable", CmdletInputObjects.ProtectableItemIn(here)),
            ("item", CmdletInputObjects.ItemIn(here)), ("operation", operation), ("job", CmdletInputObjects.JobIn(here)),
            ("point", CmdletInputObjects.RecoveryPointIn(here)));

        var e = caught.Terminating();
        Assert.Equal(Qualified("NotConnected", command), e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, e.CategoryInfo.Category);
        Assert.Equal("Not connected to a vault. Run Connect-BackupVault first.", e.Exception.Message);
        Assert.Empty(caught.Run.Output);
    }

    [Fact]
    public async Task After_Disconnect_BackupVault_the_cmdlets_ask_for_a_connection_again()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Connected(emulator);
        Assert.Single(ps.Run("Get-BackupPolicy -Name HourlyLogBackup").AssertNoErrors().OutputOf<BackupPolicy>());

        var disconnected = ps.Run("Disconnect-BackupVault -PassThru").AssertNoErrors();
        Assert.Equal(TestEmulator.Vault, Assert.Single(disconnected.OutputOf<BackupContext>()).VaultName);
        Assert.Empty(ps.Run("Get-BackupContext").AssertNoErrors().Output);

        var before = Requests(emulator);
        var e = ps.Caught("Get-BackupPolicy -Name HourlyLogBackup").Terminating();
        Assert.Equal("NotConnected,BackupCmdlets.Cmdlets.GetBackupPolicyCommand", e.FullyQualifiedErrorId);
        Assert.Contains("Connect-BackupVault", e.Exception.Message);
        Assert.Equal(before, Requests(emulator));
    }

    [Fact]
    public async Task WhatIf_sends_no_backup_and_ShouldProcess_names_the_item_and_the_backup_type()
    {
        var (emulator, ps) = await ReadyAsync();
        await using var _ = emulator;
        using var __ = ps;
        ps.Run("$item = Get-BackupProtectableItem -FriendlyName msdb | Enable-BackupProtection -Policy (Get-BackupPolicy -Name HourlyLogBackup) -Wait").AssertNoErrors();
        Assert.IsType<ProtectedItem>(ps.Run("$item").Output.Single().BaseObject);

        var before = Requests(emulator);
        var whatIf = ps.Run("$item | Start-BackupItem -BackupType Full -WhatIf").AssertNoErrors();
        Assert.Empty(whatIf.Output);
        Assert.Equal(before, Requests(emulator));
        Assert.Empty(emulator.State.Vaults.Single().Jobs);

        // -WhatIf prints its line to the host; the same ShouldProcess call, allowed, says it on the verbose stream.
        var done = ps.Run("$item | Start-BackupItem -BackupType Full -Confirm:$false -Verbose").AssertNoErrors();
        var line = Assert.Single(done.Verbose, v => v.StartsWith("Performing the operation", StringComparison.Ordinal));
        var m = Regex.Match(line, "^Performing the operation \"(?<action>.*)\" on target \"(?<target>.*)\"\\.$");
        Assert.True(m.Success, line);
        Assert.Contains("msdb", m.Groups["target"].Value);
        Assert.Contains("Full", m.Groups["action"].Value);
        Assert.Single(done.OutputOf<BackupOperation>());
        Assert.Single(emulator.State.Vaults.Single().Jobs);
    }

    [Fact]
    public async Task Filters_match_names_with_wildcards_and_without_regard_to_case()
    {
        var (emulator, ps) = await ReadyAsync();
        await using var _ = emulator;
        using var __ = ps;
        string[] Names(string script) => ps.Run(script).AssertNoErrors().OutputOf<ProtectableItem>().Select(i => i.FriendlyName).OrderBy(n => n).ToArray();
        int Count(string script) => ps.Run(script).AssertNoErrors().Output.Count;

        Assert.Equal(new[] { "master", "model", "msdb" }, Names("Get-BackupProtectableItem -ProtectableItemType SQLDataBase -FriendlyName M*"));
        Assert.Equal(6, Count("Get-BackupProtectableItem -ServerName SQLSERVER-0"));
        Assert.Equal(6, Count("Get-BackupProtectableItem -ServerName sqlserver-0.shopkart.com"));
        Assert.Equal(0, Count("Get-BackupProtectableItem -ServerName ad-*"));
        Assert.Equal(new[] { "MSSQLSERVER" }, Names("Get-BackupProtectableItem -ProtectableItemType sqlinstance"));
        Assert.Equal(1, Count("Get-BackupContainer -FriendlyName sql*"));
        Assert.Equal(1, Count("Get-BackupPolicy -Name hourly*"));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_the_parameter_named_and_no_request_sent()
    {
        var (emulator, ps) = await ReadyAsync();
        await using var _ = emulator;
        using var __ = ps;
        var before = Requests(emulator);

        // Values outside a ValidateSet never reach the cmdlet: PowerShell's binder refuses them.
        void RefusedByPowerShell(string script, string command, string parameter)
        {
            var e = ps.Caught(script).Terminating();
            Assert.Equal(Qualified("ParameterArgumentValidationError", command), e.FullyQualifiedErrorId);
            Assert.Contains($"parameter '{parameter}'", e.Exception.Message);
        }

        // The rest the cmdlet checks itself, before any request.
        void RefusedByCmdlet(string script, string command, string parameter)
        {
            var e = ps.Caught(script, ("past", DateTime.UtcNow.AddDays(-1))).Terminating();
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.EndsWith(Qualified("", command), e.FullyQualifiedErrorId);
            Assert.Contains(parameter, e.Exception.Message);
        }

        RefusedByPowerShell("Get-BackupProtectableItem -ProtectableItemType Oracle", "Get-BackupProtectableItem", "ProtectableItemType");
        RefusedByCmdlet("Get-BackupContainer -Name 'VMAppContainer;*'", "Get-BackupContainer", "-Name");
        RefusedByCmdlet("Get-BackupContainer -Name ' '", "Get-BackupContainer", "-Name");
        RefusedByPowerShell("Get-BackupJob -Status Done", "Get-BackupJob", "Status");
        RefusedByPowerShell("Invoke-BackupContainerRefresh -BackupManagementType Tape", "Invoke-BackupContainerRefresh", "BackupManagementType");
        RefusedByPowerShell("@() | Start-BackupItem -BackupType Everything", "Start-BackupItem", "BackupType");
        RefusedByCmdlet("@() | Start-BackupItem -ExpiryDateTimeUtc $past", "Start-BackupItem", "-ExpiryDateTimeUtc");
        RefusedByCmdlet("Get-BackupJob -JobId a/b", "Get-BackupJob", "-JobId");
        Assert.Equal(before, Requests(emulator));
    }

    [Fact]
    public async Task A_policy_of_another_vault_is_refused_before_any_request()
    {
        var (emulator, ps) = await ReadyAsync();
        await using var _ = emulator;
        using var __ = ps;
        var foreign = new BackupPolicy(System.Text.Json.JsonDocument.Parse(
            """{"id":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/other/providers/Microsoft.RecoveryServices/vaults/elsewhere/backupPolicies/HourlyLogBackup","name":"HourlyLogBackup","properties":{"backupManagementType":"AzureWorkload"}}""").RootElement);
        ps.Run("$items = Get-BackupProtectableItem -ProtectableItemType SQLDataBase").AssertNoErrors();
        var before = Requests(emulator);

        var e = ps.Caught("$items | Enable-BackupProtection -Policy $foreign", ("foreign", foreign)).Terminating();
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Contains("elsewhere", e.Exception.Message);
        Assert.Equal(before, Requests(emulator));
        Assert.DoesNotContain(emulator.State.Vaults.Single().Operations.Values, o => o.Kind == BackupCmdlets.Emulator.State.OperationKind.EnableProtection);
    }

    [Fact]
    public async Task One_bad_item_in_a_pipeline_gets_its_own_error_and_the_others_go_on()
    {
        var (emulator, ps) = await ReadyAsync();
        await using var _ = emulator;
        using var __ = ps;
        var result = ps.Run("""
            $policy = Get-BackupPolicy -Name HourlyLogBackup
            $items = Get-BackupProtectableItem -FriendlyName MSSQLSERVER, msdb, model
            $items | Enable-BackupProtection -Policy $policy -Wait
            """);
        Assert.Equal(3, ps.Run("$items.Count").Output.Single().BaseObject);
        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("SQLInstance", error.Exception.Message);
        Assert.Equal("MSSQLSERVER", Assert.IsType<ProtectableItem>(error.TargetObject).FriendlyName);
        Assert.Equal(new[] { "model", "msdb" }, result.OutputOf<ProtectedItem>().Select(i => i.FriendlyName).OrderBy(n => n));
    }

    [Fact]
    public async Task ErrorAction_Stop_stops_at_the_first_failing_item_and_sends_nothing_for_the_rest()
    {
        var (emulator, ps) = await ReadyAsync();
        await using var _ = emulator;
        using var __ = ps;
        ps.Run("""
            $policy = Get-BackupPolicy -Name HourlyLogBackup
            $items = Get-BackupProtectableItem -FriendlyName MSSQLSERVER, msdb, model | Sort-Object { $_.ProtectableItemType -ne 'SQLInstance' }
            """).AssertNoErrors();
        Assert.Equal("SQLInstance", ps.Run("$items[0].ProtectableItemType").Output.Single().BaseObject);

        var result = ps.Run("$items | Enable-BackupProtection -Policy $policy -Wait -ErrorAction Stop; 'not reached'");
        Assert.IsType<ActionPreferenceStopException>(result.Terminating);
        Assert.Contains("SQLInstance", result.AssertTerminated().Exception.Message);
        Assert.Empty(result.Output);
        Assert.DoesNotContain(emulator.Log.Entries, r => r.Method == "PUT" && r.Path.Contains("/protectedItems/"));
    }

    [Fact]
    public async Task Retry_bounds_set_on_Connect_reach_the_client()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Start();
        var run = ps.Run(ConnectTo + " -SubscriptionId $sub -ResourceGroupName $rg -Name $vault -MaxRetries 7 -RetryTimeout 42",
            ("url", emulator.BaseUri), ("sub", TestEmulator.Subscription), ("rg", TestEmulator.ResourceGroup), ("vault", TestEmulator.Vault)).AssertNoErrors();
        var context = Assert.Single(run.OutputOf<BackupContext>());
        Assert.Equal(7, context.Client.Options.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(42), context.Client.Options.RetryTimeout);
        Assert.Same(context, ps.Run("Get-BackupContext").AssertNoErrors().OutputOf<BackupContext>().Single());
    }

    [Fact]
    public async Task A_name_that_matches_nothing_is_an_ObjectNotFound_error()
    {
        var (emulator, ps) = await ReadyAsync();
        await using var _ = emulator;
        using var __ = ps;
        var policy = ps.Run("Get-BackupPolicy -Name NoSuchPolicy");
        var error = Assert.Single(policy.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.StartsWith("BMSUserErrorPolicyNotFound,", error.FullyQualifiedErrorId);

        var register = ps.Run("Register-BackupContainer -FriendlyName no-such-vm");
        var notFound = Assert.Single(register.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, notFound.CategoryInfo.Category);
        Assert.Equal("ProtectableContainerNotFound,BackupCmdlets.Cmdlets.RegisterBackupContainerCommand", notFound.FullyQualifiedErrorId);
        Assert.Contains("Invoke-BackupContainerRefresh", notFound.Exception.Message);
        Assert.Empty(register.Output);
    }

    [Fact]
    public async Task A_wait_that_times_out_reports_the_operation_which_can_be_waited_on_again()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromSeconds(3);
        await using var emulator = await TestEmulator.StartAsync(settings);
        using var ps = PowerShellSession.Connected(emulator);

        var timedOut = ps.Run("Invoke-BackupContainerRefresh | Wait-BackupOperation -Timeout 1");
        var error = Assert.Single(timedOut.Errors);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        var operation = Assert.IsType<BackupOperation>(error.TargetObject);
        Assert.Equal("TimedOut", operation.Status);
        Assert.Empty(timedOut.Output);

        var resumed = ps.Run("$Error[0].TargetObject | Wait-BackupOperation").AssertNoErrors();
        Assert.Equal("Succeeded", Assert.IsType<BackupOperation>(Assert.Single(resumed.Output).BaseObject).Status);
        Assert.Single(emulator.State.Vaults.Single().Operations); // resumed, not restarted
    }

    [Fact]
    public async Task Get_BackupJob_finds_a_job_by_the_id_on_the_operation_and_lists_with_filters()
    {
        // The backup job outlasts the test, so it is still in progress when listed.
        var (emulator, ps) = await ReadyAsync(s => s.JobDuration = TimeSpan.FromSeconds(60));
        await using var _ = emulator;
        using var __ = ps;
        var run = ps.Run("""
            $started = Get-BackupProtectableItem -FriendlyName msdb | Enable-BackupProtection -Policy (Get-BackupPolicy -Name HourlyLogBackup) -Wait | Start-BackupItem
            $job = $started | Wait-BackupOperation
            $job
            """).AssertNoErrors();
        var job = Assert.Single(run.OutputOf<BackupJob>());

        // Both the operation and the job carry a JobId, which binds to -JobId by property name.
        Assert.Equal(job.JobId, ps.Run("$started | Get-BackupJob").AssertNoErrors().OutputOf<BackupJob>().Single().JobId);
        Assert.Equal(job.JobId, ps.Run("$job | Get-BackupJob").AssertNoErrors().OutputOf<BackupJob>().Single().JobId);
        Assert.Equal(job.JobId, Assert.Single(ps.Run("Get-BackupJob -Operation Backup -Status InProgress").AssertNoErrors().OutputOf<BackupJob>()).JobId);
        Assert.Empty(ps.Run("Get-BackupJob -Status Failed").AssertNoErrors().Output);
    }
}
