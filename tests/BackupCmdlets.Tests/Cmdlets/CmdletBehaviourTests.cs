#if STAND_IN_ENGINE // not yet ported to real runspaces (issue 8)
using System.Management.Automation;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Cmdlets;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

[Collection(SessionCollection.Name)]
public class CmdletBehaviourTests
{
    static async Task<BackupCmdlets.Emulator.EmulatorHost> ReadyAsync()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        settings.RetryAfterSeconds = 0;
        var emulator = await TestEmulator.StartAsync(settings);
        await Workflow.Prepared.RegisteredAndInquiredAsync(emulator);
        return emulator;
    }

    static int Requests(BackupCmdlets.Emulator.EmulatorHost e) => e.Log.Count;

    [Fact]
    public async Task Connect_refuses_a_malformed_subscription_before_any_request()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var e = Assert.Throws<TerminatingErrorException>(() => Pipeline.Run(new ConnectBackupVaultCommand
        {
            SubscriptionId = "00000000-0000-0000-0000-0000000000", ResourceGroupName = "rg", Name = "v", Environment = "Emulator", ResourceManagerUrl = emulator.BaseUri,
        }));
        Assert.Equal(ErrorCategory.InvalidArgument, e.Error.Category);
        Assert.Contains("-SubscriptionId", e.Message);
        Assert.Equal(0, Requests(emulator));
    }

    [Fact]
    public async Task Connect_to_an_unknown_vault_stops_with_the_service_error_and_keeps_no_context()
    {
        await using var emulator = await TestEmulator.StartAsync();
        BackupSession.Current = null;
        var e = Assert.Throws<TerminatingErrorException>(() => Pipeline.Run(new ConnectBackupVaultCommand
        {
            SubscriptionId = TestEmulator.Subscription, ResourceGroupName = "SQLServerSelfHost", Name = "Missing", Environment = "Emulator", ResourceManagerUrl = emulator.BaseUri,
        }));
        Assert.Equal(ErrorCategory.ObjectNotFound, e.Error.Category);
        Assert.StartsWith("ResourceNotFound,", e.Error.ErrorId);
        Assert.Null(BackupSession.Current);
    }

    [Fact]
    public async Task Connect_refuses_plain_http_to_a_remote_host()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var e = Assert.Throws<TerminatingErrorException>(() => Pipeline.Run(new ConnectBackupVaultCommand
        {
            SubscriptionId = TestEmulator.Subscription, ResourceGroupName = "rg", Name = "v", ResourceManagerUrl = new Uri("http://management.example.com/"),
        }));
        Assert.Contains("https", e.Message);
    }

    [Fact]
    public async Task WhatIf_sends_no_backup_and_names_what_it_would_do()
    {
        await using var emulator = await ReadyAsync();
        var policy = Pipeline.Run(new GetBackupPolicyCommand { Name = new[] { "HourlyLogBackup" } }).OutputOf<BackupPolicy>().Single();
        var item = Pipeline.Run(new GetBackupProtectableItemCommand { FriendlyName = new[] { "msdb" } })
            .Then(new EnableBackupProtectionCommand { Policy = policy, WaitRequested = true }).OutputOf<ProtectedItem>().Single();

        var before = Requests(emulator);
        var whatIf = Pipeline.Run(new StartBackupItemCommand { BackupType = "Full" }, new object[] { item }, confirm: false);
        Assert.Empty(whatIf.Output);
        Assert.Equal(before, Requests(emulator));
        var (target, action) = Assert.Single(whatIf.ShouldProcessCalls);
        Assert.Contains("msdb", target);
        Assert.Contains("Full", action);
        Assert.Empty(emulator.State.Vaults.Single().Jobs);
    }

    [Fact]
    public async Task Filters_match_names_with_wildcards_and_without_regard_to_case()
    {
        await using var emulator = await ReadyAsync();
        string[] Names(RecordingHost h) => h.OutputOf<ProtectableItem>().Select(i => i.FriendlyName).OrderBy(n => n).ToArray();

        Assert.Equal(new[] { "master", "model", "msdb" }, Names(Pipeline.Run(new GetBackupProtectableItemCommand { ProtectableItemType = "SQLDataBase", FriendlyName = new[] { "M*" } })));
        Assert.Equal(6, Pipeline.Run(new GetBackupProtectableItemCommand { ServerName = new[] { "SQLSERVER-0" } }).Output.Count);
        Assert.Equal(6, Pipeline.Run(new GetBackupProtectableItemCommand { ServerName = new[] { "sqlserver-0.shopkart.com" } }).Output.Count);
        Assert.Empty(Pipeline.Run(new GetBackupProtectableItemCommand { ServerName = new[] { "ad-*" } }).Output);
        Assert.Equal(new[] { "MSSQLSERVER" }, Names(Pipeline.Run(new GetBackupProtectableItemCommand { ProtectableItemType = "sqlinstance" })));
        Assert.Single(Pipeline.Run(new GetBackupContainerCommand { FriendlyName = new[] { "sql*" } }).Output);
        Assert.Single(Pipeline.Run(new GetBackupPolicyCommand { Name = new[] { "hourly*" } }).Output);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_the_parameter_named_and_no_request_sent()
    {
        await using var emulator = await ReadyAsync();
        var item = Pipeline.Run(new GetBackupProtectableItemCommand { FriendlyName = new[] { "msdb" } }).Output.Single();
        var before = Requests(emulator);

        void Refused(BackupCmdletBase cmdlet, string parameter, IEnumerable<object>? input = null)
        {
            var e = Assert.Throws<TerminatingErrorException>(() => Pipeline.Run(cmdlet, input));
            Assert.Equal(ErrorCategory.InvalidArgument, e.Error.Category);
            Assert.Contains(parameter, e.Message);
        }

        Refused(new GetBackupProtectableItemCommand { ProtectableItemType = "Oracle" }, "-ProtectableItemType");
        Refused(new GetBackupContainerCommand { Name = "VMAppContainer;*" }, "-Name");
        Refused(new GetBackupContainerCommand { Name = " " }, "-Name");
        Refused(new GetBackupJobCommand { Status = "Done" }, "-Status");
        Refused(new InvokeBackupContainerRefreshCommand { BackupManagementType = "Tape" }, "-BackupManagementType");
        Refused(new StartBackupItemCommand { BackupType = "Everything" }, "-BackupType", Array.Empty<object>());
        Refused(new StartBackupItemCommand { ExpiryDateTimeUtc = DateTime.UtcNow.AddDays(-1) }, "-ExpiryDateTimeUtc", Array.Empty<object>());
        Refused(new GetBackupJobCommand { JobId = new[] { "a/b" } }, "-JobId");
        Assert.Equal(before, Requests(emulator));
    }

    [Fact]
    public async Task A_policy_of_another_vault_is_refused_before_any_request()
    {
        await using var emulator = await ReadyAsync();
        var foreign = new BackupPolicy(System.Text.Json.JsonDocument.Parse(
            """{"id":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/other/providers/Microsoft.RecoveryServices/vaults/elsewhere/backupPolicies/HourlyLogBackup","name":"HourlyLogBackup","properties":{"backupManagementType":"AzureWorkload"}}""").RootElement);
        var before = Requests(emulator);
        var e = Assert.Throws<TerminatingErrorException>(() => Pipeline.Run(new EnableBackupProtectionCommand { Policy = foreign }, Array.Empty<object>()));
        Assert.Contains("elsewhere", e.Message);
        Assert.Equal(before, Requests(emulator));
    }

    [Fact]
    public async Task One_bad_item_in_a_pipeline_gets_its_own_error_and_the_others_go_on()
    {
        await using var emulator = await ReadyAsync();
        var policy = Pipeline.Run(new GetBackupPolicyCommand { Name = new[] { "HourlyLogBackup" } }).OutputOf<BackupPolicy>().Single();
        var items = Pipeline.Run(new GetBackupProtectableItemCommand { FriendlyName = new[] { "MSSQLSERVER", "msdb", "model" } }).Output;
        Assert.Equal(3, items.Count);

        var result = Pipeline.Run(new EnableBackupProtectionCommand { Policy = policy, WaitRequested = true }, items);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.Category);
        Assert.Contains("SQLInstance", error.Exception.Message);
        Assert.IsType<ProtectableItem>(error.Target);
        Assert.Equal(new[] { "model", "msdb" }, result.OutputOf<ProtectedItem>().Select(i => i.FriendlyName).OrderBy(n => n));
    }

    [Fact]
    public async Task ErrorAction_Stop_stops_at_the_first_failing_item_and_sends_nothing_for_the_rest()
    {
        await using var emulator = await ReadyAsync();
        var policy = Pipeline.Run(new GetBackupPolicyCommand { Name = new[] { "HourlyLogBackup" } }).OutputOf<BackupPolicy>().Single();
        var items = Pipeline.Run(new GetBackupProtectableItemCommand { FriendlyName = new[] { "MSSQLSERVER", "msdb", "model" } }).Output
            .OrderBy(i => ((ProtectableItem)i).ProtectableItemType == "SQLInstance" ? 0 : 1).ToList();
        var e = Assert.Throws<TerminatingErrorException>(() => Pipeline.Run(new EnableBackupProtectionCommand { Policy = policy, WaitRequested = true }, items, stopOnError: true));
        Assert.Contains("SQLInstance", e.Message);
        Assert.DoesNotContain(emulator.Log.Entries, r => r.Method == "PUT" && r.Path.Contains("/protectedItems/"));
    }

    [Fact]
    public async Task Retry_bounds_set_on_Connect_reach_the_client()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var context = Assert.IsType<BackupContext>(Pipeline.Run(new ConnectBackupVaultCommand
        {
            SubscriptionId = TestEmulator.Subscription, ResourceGroupName = TestEmulator.ResourceGroup, Name = TestEmulator.Vault,
            Environment = "Emulator", ResourceManagerUrl = emulator.BaseUri, MaxRetries = 7, RetryTimeout = 42,
        }).Output.Single());
        Assert.Equal(7, context.Client.Options.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(42), context.Client.Options.RetryTimeout);
    }

    [Fact]
    public async Task A_name_that_matches_nothing_is_an_ObjectNotFound_error()
    {
        await using var emulator = await ReadyAsync();
        var policy = Pipeline.Run(new GetBackupPolicyCommand { Name = new[] { "NoSuchPolicy" } });
        var error = Assert.Single(policy.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.Category);
        Assert.StartsWith("BMSUserErrorPolicyNotFound,", error.ErrorId);

        var register = Pipeline.Run(new RegisterBackupContainerCommand { FriendlyName = "no-such-vm" });
        Assert.Equal(ErrorCategory.ObjectNotFound, Assert.Single(register.Errors).Category);
        Assert.Contains("Invoke-BackupContainerRefresh", register.Errors[0].Exception.Message);
    }

    [Fact]
    public async Task A_wait_that_times_out_reports_the_operation_which_can_be_waited_on_again()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromSeconds(3);
        await using var emulator = await TestEmulator.StartAsync(settings);
        TestEmulator.Connect(emulator);

        var started = Pipeline.Run(new InvokeBackupContainerRefreshCommand());
        var timedOut = started.Then(new WaitBackupOperationCommand { Timeout = 1 });
        var error = Assert.Single(timedOut.Errors);
        Assert.Equal(ErrorCategory.OperationTimeout, error.Category);
        var operation = Assert.IsType<BackupOperation>(error.Target);
        Assert.Equal("TimedOut", operation.Status);

        var resumed = Pipeline.Run(new WaitBackupOperationCommand(), new object[] { operation });
        Assert.Empty(resumed.Errors);
        Assert.Equal("Succeeded", Assert.IsType<BackupOperation>(Assert.Single(resumed.Output)).Status);
        Assert.Single(emulator.State.Vaults.Single().Operations); // resumed, not restarted
    }

    [Fact]
    public async Task Get_BackupJob_finds_a_job_by_the_id_on_the_operation_and_lists_with_filters()
    {
        await using var emulator = await ReadyAsync();
        var policy = Pipeline.Run(new GetBackupPolicyCommand { Name = new[] { "HourlyLogBackup" } }).OutputOf<BackupPolicy>().Single();
        var op = Pipeline.Run(new GetBackupProtectableItemCommand { FriendlyName = new[] { "msdb" } })
            .Then(new EnableBackupProtectionCommand { Policy = policy, WaitRequested = true })
            .Then(new StartBackupItemCommand())
            .Then(new WaitBackupOperationCommand());
        var job = op.OutputOf<BackupJob>().Single();

        var byId = Pipeline.Run(new GetBackupJobCommand(), new object[] { job });
        Assert.Equal(job.JobId, byId.OutputOf<BackupJob>().Single().JobId);
        Assert.Single(Pipeline.Run(new GetBackupJobCommand { Operation = "Backup", Status = "InProgress" }).Output);
        Assert.Empty(Pipeline.Run(new GetBackupJobCommand { Status = "Failed" }).Output);
    }
}
#endif
