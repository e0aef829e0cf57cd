using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.Workflow;

/// <summary>
/// The whole workflow through the cmdlets in a real runspace, with each fault injected at each step. Every run either
/// completes or ends in one clear error, and the emulator's ledger shows one backup per Start-BackupItem
/// call at most (exactly one when the run completes) and the protected item where it should be.
/// </summary>
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
        using var ps = PowerShellSession.Start();
        ps.Run("Connect-TestBackupVault -ResourceManagerUrl $url -PollSeconds 0.05 -AmbiguousTriggerCheckSeconds 0.1 -RetryDelaySeconds 0.02 -MaxRetryDelaySeconds 0.2 -NetworkTimeoutSeconds 1 -NoVaultRead | Out-Null", ("url", emulator.BaseUri)).AssertNoErrors();

        var (job, errors) = RunWorkflow(ps);

        Assert.True(emulator.Ledger.Of(Ledger.FaultInjected).Any(), $"the fault never struck: {rule}");
        var backups = emulator.Ledger.Of(Ledger.BackupStarted).Count();
        Assert.True(backups <= 1, $"{backups} backups started for one Start-BackupItem");
        Assert.True(errors.Count <= 1, "more than one error: " + string.Join(" | ", errors.Select(e => e.Exception.Message)));

        if (rule.Kind is FaultKind.OperationFails or FaultKind.OperationCanceled)
        {
            var error = Assert.Single(errors);
            Assert.IsType<BackupCmdlets.Client.BackupOperationException>(error.Exception);
            Assert.EndsWith(",BackupCmdlets.Cmdlets.WaitBackupOperationCommand", error.FullyQualifiedErrorId); // the wait reports it, not the engine
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

    /// <summary>The documented pipeline, stage by stage, stopping at the first stage with an error as a script would.</summary>
    static (BackupJob? Job, List<ErrorRecord> Errors) RunWorkflow(PowerShellSession ps)
    {
        var errors = new List<ErrorRecord>();
        PsRun? Stage(string script)
        {
            var run = ps.Run(script);
            errors.AddRange(run.AllErrors);
            return errors.Count > 0 ? null : run;
        }

        if (Stage("Invoke-BackupContainerRefresh | Wait-BackupOperation") == null) return (null, errors);
        if (Stage("""
            Get-BackupProtectableContainer -FriendlyName sqlserver-0 | Register-BackupContainer | Wait-BackupOperation |
                Invoke-BackupContainerInquiry | Wait-BackupOperation
            """) == null) return (null, errors);
        var policy = Stage("$policy = Get-BackupPolicy -Name HourlyLogBackup; $policy");
        if (policy == null || policy.OutputOf<BackupPolicy>().Count() != 1) return (null, errors);
        var result = Stage("""
            Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0 -FriendlyName msdb |
                Enable-BackupProtection -Policy $policy | Wait-BackupOperation |
                Start-BackupItem -BackupType Full | Wait-BackupOperation | Wait-BackupJob -PollInterval 0.1
            """);
        return (result?.OutputOf<BackupJob>().SingleOrDefault(), errors);
    }
}
