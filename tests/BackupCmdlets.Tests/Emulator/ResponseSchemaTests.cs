using System.Net;
using System.Text.Json;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Emulator;
using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>
/// Every body the emulator answers, on the workflows the module drives (SQL, VM, file share, faults on
/// and off), checked against the definition bms.json declares for its operation and status.
/// </summary>
public class ResponseSchemaTests
{
    static SpecSchemaValidator Spec => SpecSchemaValidator.Spec;

    const string Api = "?api-version=2025-08-01";

    /// <summary>The vault itself is Microsoft.RecoveryServices' vaults.json, a spec this repository does not copy.</summary>
    static bool IsVaultGet(BackupCmdlets.Emulator.Infrastructure.LoggedRequest e) =>
        e.Method == "GET" && e.Path.TrimEnd('/').Split('/').Length == 9;

    /// <summary>
    /// A container's operationsStatus/{id}: bms.json has no such operation, yet the service's own Register and
    /// Inquire examples name it in Azure-AsyncOperation, so the emulator serves it with the OperationStatus body
    /// of the item-level twin.
    /// </summary>
    static bool IsContainerOperationStatus(BackupCmdlets.Emulator.Infrastructure.LoggedRequest e) =>
        e.Method == "GET" && System.Text.RegularExpressions.Regex.IsMatch(e.Path, "/protectionContainers/[^/]+/operationsStatus/[^/]+$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>
    /// The one known deviation left: the emulator's errors carry error.recommendations, which ARM's ErrorDetail
    /// does not declare; the module shows them when present (docs/emulator.md, "Conformance").
    /// </summary>
    const string ErrorRecommendations = ".error.recommendations: not declared by ErrorDetail";

    /// <summary>Checks every logged answer; returns the operations seen.</summary>
    static HashSet<string> AssertEveryAnswerConforms(EmulatorHost host)
    {
        var problems = new List<string>();
        var seen = new HashSet<string>();
        foreach (var e in host.Log.Entries.Where(e => e.Path.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase)))
        {
            if (e.Fault is nameof(FaultKind.Drop) or nameof(FaultKind.MalformedJson)) continue; // broken on purpose
            if (IsVaultGet(e)) continue;
            if (Spec.Find(e.Method, e.Path) is { } op) seen.Add($"{op.OperationId} {e.Status}");
            var found = IsContainerOperationStatus(e)
                ? Spec.CheckAs("OperationStatus", e.Status, e.ResponseBody)
                : Spec.CheckResponse(e.Method, e.Path, e.Status, e.ResponseBody);
            problems.AddRange(found.Where(p => !p.EndsWith(ErrorRecommendations, StringComparison.Ordinal)).Select(p => $"{p}  [{e.Method} {e.Path}]"));
        }
        Assert.True(problems.Count == 0, $"{problems.Count} answers break bms.json:\n" + string.Join("\n", problems.Distinct()));
        return seen;
    }

    static void AssertSeen(HashSet<string> seen, params string[] expected)
    {
        var missing = expected.Where(x => !seen.Contains(x)).ToList();
        Assert.True(missing.Count == 0, "Not exercised: " + string.Join(", ", missing) + "\nSeen: " + string.Join(", ", seen.Order()));
    }

    static (EmulatorSettings Settings, ManualClock Clock) Settings(params FaultRule[] faults)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var settings = TestEmulator.FastSettings(pageSize: 2);
        settings.KeepResponseBodies = true;
        settings.Clock = clock;
        settings.OperationDuration = TimeSpan.Zero; // done by the next request; the test moves the clock for the rest
        settings.RetryAfterSeconds = 0;
        settings.JobDuration = TimeSpan.FromHours(1);
        settings.TokenLifetime = TimeSpan.FromDays(30);
        settings.Faults.AddRange(faults);
        return (settings, clock);
    }

    /// <summary>Everything the module reads and writes, through its own client, for all three workloads.</summary>
    static async Task DriveWorkflows(EmulatorHost host, ManualClock clock)
    {
        var client = TestEmulator.Client(host, o => o.DefaultPollInterval = TimeSpan.FromMilliseconds(10));
        var vault = TestEmulator.VaultId;
        await client.GetVaultAsync(vault);
        await foreach (var _ in client.ListPoliciesAsync(vault)) { }
        var sqlContainer = await EmulatorSteps.RegisterAndInquireAsync(client, "sqlserver-0");
        await client.GetContainerAsync(vault, sqlContainer.Name);
        await foreach (var _ in client.ListContainersAsync(vault)) { }
        var sql = await EmulatorSteps.ProtectAsync(client, "msdb");
        var vm = await EmulatorSteps.ProtectVmAsync(client, "ad-primary-dc");
        var share = await EmulatorSteps.ProtectFileShareAsync(client, "invoices");
        foreach (var type in new[] { "AzureWorkload", "AzureIaasVM", "AzureStorage" })
        {
            await foreach (var _ in client.ListProtectedItemsAsync(vault, type)) { }
            await foreach (var c in client.ListContainersAsync(vault, type)) await client.GetContainerAsync(vault, c.Name);
        }

        var jobs = new List<BackupJob>();
        foreach (var item in new[] { sql, vm, share })
        {
            await client.GetProtectedItemAsync(vault, item.ContainerName, item.Name);
            jobs.Add((BackupJob)(await client.WaitForOperationAsync(await client.TriggerBackupAsync(item)))!);
        }
        foreach (var job in jobs) await client.GetJobAsync(vault, job.JobId); // in progress
        await foreach (var _ in client.ListJobsAsync(vault)) { }
        await client.WaitForOperationAsync(await client.CancelJobAsync(jobs[1]));
        clock.Advance(TimeSpan.FromHours(2));
        foreach (var job in jobs) await client.GetJobAsync(vault, job.JobId); // completed and cancelled
        foreach (var item in new[] { sql, share })
        {
            var current = await client.GetProtectedItemAsync(vault, item.ContainerName, item.Name);
            var points = new List<RecoveryPoint>();
            await foreach (var rp in client.ListRecoveryPointsAsync(current)) points.Add(rp);
            Assert.NotEmpty(points);
            await client.GetRecoveryPointAsync(current, points[0].Name);
        }
    }

    /// <summary>An operation seen while it runs and after, at each URL a caller may poll: item, vault status and vault result.</summary>
    static async Task PollEveryWay(EmulatorHost host, ManualClock clock, RawArm arm, bool fail)
    {
        host.Settings.OperationDuration = TimeSpan.FromMinutes(1);
        var item = host.State.Vaults.Single().ProtectedItems.Values.First(i => i.Workload.ManagementType == "AzureWorkload");
        if (fail) host.Faults.Set(new[] { new FaultRule { Kind = FaultKind.OperationFails, Method = "POST", PathPattern = "/backup$", ErrorCode = "BMSUserErrorInjected", ErrorMessage = "Injected failure." } });
        clock.Advance(TimeSpan.FromHours(2)); // no backup of this item is running
        var itemPath = $"{RawArm.VaultPath}/backupFabrics/Azure/protectionContainers/{item.ContainerName}/protectedItems/{item.Name}";
        var trigger = await arm.Send(HttpMethod.Post, itemPath + "/backup" + Api, RawArm.Walkthrough("TriggerBackup_Request.json"));
        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        var operationId = trigger.Headers.Location!.AbsolutePath.Split('/').Last();
        async Task PollAll()
        {
            await arm.Get($"{itemPath}/operationsStatus/{operationId}{Api}");
            await arm.Get($"{itemPath}/operationResults/{operationId}{Api}");
            await arm.Get($"{RawArm.VaultPath}/backupOperations/{operationId}{Api}");
            await arm.Get($"{RawArm.VaultPath}/backupOperationResults/{operationId}{Api}");
        }
        await PollAll();
        clock.Advance(TimeSpan.FromMinutes(2));
        await PollAll();
        host.Settings.OperationDuration = TimeSpan.Zero;
    }

    /// <summary>Errors the service answers, each in the shape the spec's default response declares.</summary>
    static async Task AskForMissingThings(RawArm arm)
    {
        await arm.Get($"{RawArm.VaultPath}/backupJobs/00000000-0000-0000-0000-00000000dead{Api}");
        await arm.Get($"{RawArm.VaultPath}/backupPolicies/NoSuchPolicy{Api}");
        await arm.Get($"{RawArm.VaultPath}/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;nowhere;novm{Api}");
        await arm.Get($"{RawArm.VaultPath}/backupOperations/00000000-0000-0000-0000-00000000dead{Api}");
        await arm.Get($"{RawArm.VaultPath}/backupOperationResults/00000000-0000-0000-0000-00000000dead{Api}");
        await arm.Get($"{RawArm.VaultPath}/backupPolicies{Api}&$filter=backupManagementType eq 'Nonsense'");
    }

    [Fact]
    public async Task Every_answer_of_the_SQL_VM_and_file_share_workflows_is_what_bms_json_declares()
    {
        var (settings, clock) = Settings();
        await using var host = await TestEmulator.StartAsync(settings);
        using var arm = await RawArm.SignedInAsync(host);
        await DriveWorkflows(host, clock);
        await PollEveryWay(host, clock, arm, fail: false);
        await AskForMissingThings(arm);

        var seen = AssertEveryAnswerConforms(host);
        AssertSeen(seen,
            "BackupPolicies_List 200", "ProtectionPolicies_Get 200", "ProtectionContainers_Refresh 202", "ProtectionContainerRefreshOperationResults_Get 204",
            "ProtectableContainers_List 200", "ProtectedItemOperationResults_Get 204",
            "ProtectionContainers_Register 202", "ProtectionContainers_Get 200", "ProtectionContainers_Inquire 202",
            "BackupProtectableItems_List 200", "ProtectedItems_CreateOrUpdate 202", "BackupProtectedItems_List 200", "ProtectedItems_Get 200",
            "BackupProtectionContainers_List 200", "Backups_Trigger 202", "ProtectedItemOperationStatuses_Get 200", "ProtectedItemOperationResults_Get 202",
            "BackupOperationStatuses_Get 200", "BackupOperationResults_Get 202", "BackupOperationResults_Get 204",
            "BackupJobs_List 200", "JobDetails_Get 200", "JobCancellations_Trigger 202", "JobOperationResults_Get 204",
            "RecoveryPoints_List 200", "RecoveryPoints_Get 200",
            "JobDetails_Get 404", "ProtectionPolicies_Get 404", "ProtectionContainers_Get 404", "BackupOperationStatuses_Get 404", "BackupOperationResults_Get 404");
    }

    [Fact]
    public async Task Every_answer_with_faults_on_is_what_bms_json_declares()
    {
        var (settings, clock) = Settings(
            new FaultRule { Kind = FaultKind.ServerError, Status = 503, Method = "POST", PathPattern = "/refreshContainers$" },
            new FaultRule { Kind = FaultKind.Throttle, Method = "GET", PathPattern = "/protectableContainers$" },
            new FaultRule { Kind = FaultKind.ServerError, Status = 500, Method = "GET", PathPattern = "/backupProtectableItems$" },
            new FaultRule { Kind = FaultKind.LocationOnly, Method = "POST", PathPattern = "/inquire$" },
            new FaultRule { Kind = FaultKind.NoRetryAfter, Method = "PUT", PathPattern = "/protectedItems/" },
            new FaultRule { Kind = FaultKind.Delay, DelayMilliseconds = 50, Method = "GET", PathPattern = "/backupPolicies/", Times = 2 },
            new FaultRule { Kind = FaultKind.ServerError, Status = 504, Method = "GET", PathPattern = "/backupJobs$" },
            new FaultRule { Kind = FaultKind.MalformedJson, Method = "GET", PathPattern = "/backupProtectedItems$" });
        await using var host = await TestEmulator.StartAsync(settings);
        using var arm = await RawArm.SignedInAsync(host);
        await DriveWorkflows(host, clock);
        await PollEveryWay(host, clock, arm, fail: true);

        var seen = AssertEveryAnswerConforms(host);
        Assert.Contains(host.Log.Entries, e => e.Fault != null && e.Status >= 400);
        AssertSeen(seen, "ProtectionContainers_Refresh 503", "ProtectableContainers_List 429", "BackupProtectableItems_List 500", "BackupJobs_List 504",
            "ProtectedItemOperationResults_Get 400", "BackupOperationResults_Get 400", "BackupOperationStatuses_Get 200",
            "ProtectionContainerOperationResults_Get 204"); // the LocationOnly inquiry is followed by its Location
    }

    [Fact]
    public async Task A_route_the_emulator_does_not_serve_answers_in_ARMs_error_shape()
    {
        var (settings, _) = Settings();
        await using var host = await TestEmulator.StartAsync(settings);
        using var arm = await RawArm.SignedInAsync(host);
        var unknown = await arm.Get($"{RawArm.VaultPath}/backupNothing/x{Api}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var body = await unknown.Content.ReadAsStringAsync();
        Assert.Empty(Spec.CheckAs("ErrorResponse", 404, body));
        Assert.Equal("NoRegisteredProviderFound", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString());

        // An operation of the spec the emulator does not serve (ProtectionPolicies_Delete) is refused the same way, not faked.
        var unregister = await arm.Send(HttpMethod.Delete, $"{RawArm.VaultPath}/backupPolicies/HourlyLogBackup{Api}");
        Assert.Equal(HttpStatusCode.NotFound, unregister.StatusCode);
        var refusal = await unregister.Content.ReadAsStringAsync();
        Assert.Empty(Spec.CheckAs("ErrorResponse", 404, refusal));
        Assert.Equal("NoRegisteredProviderFound", JsonDocument.Parse(refusal).RootElement.GetProperty("error").GetProperty("code").GetString());
    }
}
