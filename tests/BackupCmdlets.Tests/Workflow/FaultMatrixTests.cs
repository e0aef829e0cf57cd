#if STAND_IN_ENGINE // not yet ported to real runspaces (issue 8)
using BackupCmdlets.Client.Models;
using BackupCmdlets.Cmdlets;
using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.Workflow;

/// <summary>
/// The whole workflow through the cmdlets, with each fault injected at each step. Every run either
/// completes or ends in one clear error, and the emulator's ledger shows one backup per Start-BackupItem
/// call at most (exactly one when the run completes) and the protected item where it should be.
/// </summary>
[Collection(SessionCollection.Name)]
public class FaultMatrixTests
{
    sealed record Step(string Name, string Method, string Path, string? AfterMethod = null, string? AfterPath = null, bool StartsOperation = false);

    const string ContainerPoll = "/protectionContainers/[^/]+/operations(Status|Results)/";
    const string ItemPoll = "/protectedItems/[^/]+/operations(Status|Results)/";

    static readonly Step[] Steps =
    {
        new("refresh", "POST", "/refreshContainers$", StartsOperation: true),
        new("refresh poll", "GET", "/backupFabrics/[^/]+/operationResults/"),
        new("list protectable containers", "GET", "/protectableContainers$"),
        new("register", "PUT", "/protectionContainers/[^/]+$", StartsOperation: true),
        new("register poll", "GET", ContainerPoll),
        new("read container", "GET", "/protectionContainers/[^/]+$"),
        new("inquire", "POST", "/inquire$", StartsOperation: true),
        new("inquire poll", "GET", ContainerPoll, "POST", "/inquire$"),
        new("list protectable items", "GET", "/backupProtectableItems$"),
        new("read policy", "GET", "/backupPolicies/[^/]+$"),
        new("enable protection", "PUT", "/protectedItems/[^/]+$", StartsOperation: true),
        new("enable poll", "GET", ItemPoll),
        new("list jobs", "GET", "/backupJobs$"),
        new("trigger backup", "POST", "/backup$", StartsOperation: true),
        new("trigger poll", "GET", ItemPoll, "POST", "/backup$"),
        new("read job", "GET", "/backupJobs/[^/]+$"),
    };

    static readonly Dictionary<string, Func<FaultRule>> TransportFaults = new()
    {
        ["429"] = () => new FaultRule { Kind = FaultKind.Throttle, RetryAfterSeconds = 0 },
        ["500"] = () => new FaultRule { Kind = FaultKind.ServerError, Status = 500 },
        ["502"] = () => new FaultRule { Kind = FaultKind.ServerError, Status = 502 },
        ["503"] = () => new FaultRule { Kind = FaultKind.ServerError, Status = 503, RetryAfterSeconds = 0 },
        ["504"] = () => new FaultRule { Kind = FaultKind.ServerError, Status = 504 },
        ["drop before"] = () => new FaultRule { Kind = FaultKind.Drop },
        ["drop after"] = () => new FaultRule { Kind = FaultKind.Drop, Phase = FaultPhase.After },
        ["late answer"] = () => new FaultRule { Kind = FaultKind.Delay, Phase = FaultPhase.After, DelayMilliseconds = 2500 },
        ["malformed JSON"] = () => new FaultRule { Kind = FaultKind.MalformedJson, Phase = FaultPhase.After },
    };

    static readonly Dictionary<string, Func<FaultRule>> OperationFaults = new()
    {
        ["operation fails"] = () => new FaultRule { Kind = FaultKind.OperationFails, ErrorCode = "BMSUserErrorInjected", ErrorMessage = "Injected failure." },
        ["operation canceled"] = () => new FaultRule { Kind = FaultKind.OperationCanceled },
        ["no Retry-After"] = () => new FaultRule { Kind = FaultKind.NoRetryAfter },
        ["Location only"] = () => new FaultRule { Kind = FaultKind.LocationOnly },
    };

    public static IEnumerable<object[]> Cases() =>
        Steps.SelectMany(s => TransportFaults.Keys.Select(f => new object[] { s.Name, f }))
            .Concat(Steps.Where(s => s.StartsOperation).SelectMany(s => OperationFaults.Keys.Select(f => new object[] { s.Name, f })));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_workflow_survives_or_fails_clearly(string stepName, string faultName)
    {
        var step = Steps.Single(s => s.Name == stepName);
        var rule = (TransportFaults.TryGetValue(faultName, out var t) ? t : OperationFaults[faultName])();
        rule.Method = step.Method;
        rule.PathPattern = step.Path;
        rule.AfterMethod = step.AfterMethod;
        rule.AfterPathPattern = step.AfterPath;
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(150);
        settings.JobDuration = TimeSpan.FromMilliseconds(200);
        settings.RetryAfterSeconds = 0;
        settings.Faults.Add(rule);
        await using var emulator = await TestEmulator.StartAsync(settings);
        BackupSession.Current = new BackupContext(TestEmulator.Client(emulator, o =>
        {
            o.DefaultPollInterval = TimeSpan.FromMilliseconds(50);
            o.JobPollInterval = TimeSpan.FromMilliseconds(50);
            o.Retry.Delay = TimeSpan.FromMilliseconds(20);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
            o.Retry.NetworkTimeout = TimeSpan.FromSeconds(1);
            o.AmbiguousTriggerCheckDelay = TimeSpan.FromMilliseconds(100);
        }), TestEmulator.VaultId, "Emulator", null);

        var (job, errors) = RunWorkflow();

        Assert.True(emulator.Ledger.Of(Ledger.FaultInjected).Any(), $"the fault never struck: {rule}");
        var backups = emulator.Ledger.Of(Ledger.BackupStarted).Count();
        Assert.True(backups <= 1, $"{backups} backups started for one Start-BackupItem");
        Assert.True(errors.Count <= 1, "more than one error: " + string.Join(" | ", errors.Select(e => e.Exception.Message)));

        if (rule.Kind is FaultKind.OperationFails or FaultKind.OperationCanceled)
        {
            var error = Assert.Single(errors);
            Assert.IsType<BackupCmdlets.Client.BackupOperationException>(error.Exception);
            Assert.Contains(rule.Kind == FaultKind.OperationFails ? "Failed" : "Canceled", error.Exception.Message);
            Assert.Null(job);
            Assert.Equal(0, backups);
            if (stepName == "enable protection") Assert.Empty(emulator.State.Vaults.Single().ProtectedItems); // a failed protection leaves none behind, and says so
            return;
        }

        Assert.True(errors.Count == 0, $"{stepName} / {faultName} ended in: {errors.FirstOrDefault()?.Exception}");
        Assert.NotNull(job);
        Assert.Equal("Completed", job!.Status);
        Assert.Equal(1, backups);
        var item = Assert.Single(emulator.State.Vaults.Single().ProtectedItems.Values);
        Assert.Equal(("msdb", "Protected"), (item.FriendlyName, item.ProtectionState));
        Assert.Equal(job.JobId, Assert.Single(emulator.State.Vaults.Single().Jobs.Values).Id);
    }

    /// <summary>The documented pipeline, stage by stage, stopping at the first error as a script would.</summary>
    static (BackupJob? Job, List<RecordedError> Errors) RunWorkflow()
    {
        var errors = new List<RecordedError>();
        List<object> Chain(IEnumerable<object>? input, params BackupCmdletBase[] cmdlets)
        {
            var current = input?.ToList();
            foreach (var cmdlet in cmdlets)
            {
                var host = Pipeline.Run(cmdlet, current);
                errors.AddRange(host.Errors);
                if (host.Errors.Count > 0) return new List<object>();
                current = host.Output;
            }
            return current ?? new List<object>();
        }

        Chain(null, new InvokeBackupContainerRefreshCommand(), new WaitBackupOperationCommand());
        if (errors.Count > 0) return (null, errors);
        Chain(null, new GetBackupProtectableContainerCommand { FriendlyName = new[] { "sqlserver-0" } }, new RegisterBackupContainerCommand(),
            new WaitBackupOperationCommand(), new InvokeBackupContainerInquiryCommand(), new WaitBackupOperationCommand());
        if (errors.Count > 0) return (null, errors);
        var policy = Chain(null, new GetBackupPolicyCommand { Name = new[] { "HourlyLogBackup" } }).OfType<BackupPolicy>().SingleOrDefault();
        if (errors.Count > 0 || policy == null) return (null, errors);
        var result = Chain(null, new GetBackupProtectableItemCommand { ProtectableItemType = "SQLDataBase", ServerName = new[] { "sqlserver-0" }, FriendlyName = new[] { "msdb" } },
            new EnableBackupProtectionCommand { Policy = policy }, new WaitBackupOperationCommand(),
            new StartBackupItemCommand { BackupType = "Full" }, new WaitBackupOperationCommand(), new WaitBackupJobCommand { PollInterval = 0.1 });
        return (result.OfType<BackupJob>().SingleOrDefault(), errors);
    }
}
#endif
