using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Emulator;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>
/// Restores_Trigger and the SQL log chain as the emulator serves them, over plain HTTP: the spec's
/// TriggerRestore example is accepted as the service accepts it; malformed or impossible bodies get a
/// 400 ARM error saying what is wrong; every answer of a restore workflow, and every body the client
/// sends, fits bms.json. The emulator's clock is moved by hand, so nothing waits.
/// </summary>
public class RestoreConformanceTests
{
    static SpecSchemaValidator Spec => SpecSchemaValidator.Spec;
    const string Api = "?api-version=2025-08-01";
    const string Account = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/SQLServerPMDemo/providers/Microsoft.Storage/storageAccounts/shopkartfiles";

    static async Task<(EmulatorHost Host, ManualClock Clock, BackupClient Client)> StartAsync()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var settings = TestEmulator.FastSettings();
        settings.KeepResponseBodies = true;
        settings.Clock = clock;
        settings.OperationDuration = TimeSpan.Zero; // done by the next request
        settings.RetryAfterSeconds = 0;
        settings.JobDuration = TimeSpan.FromMinutes(10);
        settings.TokenLifetime = TimeSpan.FromDays(30);
        settings.SeedPath = RestoreSeed.Write();
        var host = await TestEmulator.StartAsync(settings);
        File.Delete(settings.SeedPath);
        return (host, clock, TestEmulator.Client(host, o => o.DefaultPollInterval = TimeSpan.FromMilliseconds(10)));
    }

    /// <summary>msdb protected on sqlserver-0, sqlserver-dr registered and inquired; a full backup, then a log backup an hour later.</summary>
    static async Task<(ProtectedItem Item, ProtectionContainer Target)> SqlWithLogChainAsync(BackupClient client, ManualClock clock)
    {
        await EmulatorSteps.RegisterAndInquireAsync(client, "sqlserver-0");
        var target = await EmulatorSteps.RegisterAndInquireAsync(client, RestoreSeed.TargetVm);
        var item = await EmulatorSteps.ProtectAsync(client, "msdb");
        await client.WaitForOperationAsync(await client.TriggerBackupAsync(item, new BackupRequestOptions { BackupType = "Full" }));
        clock.Advance(TimeSpan.FromHours(1));
        await client.WaitForOperationAsync(await client.TriggerBackupAsync(item, new BackupRequestOptions { BackupType = "Log" }));
        clock.Advance(TimeSpan.FromHours(1));
        return (item, target);
    }

    static string Escaped(string id) => string.Join("/", id.Split('/').Select(Uri.EscapeDataString));

    [Fact]
    public async Task The_log_chain_is_one_point_in_time_point_whose_range_runs_from_the_full_backup_to_the_last_log_backup()
    {
        var (host, clock, client) = await StartAsync();
        await using var _ = host;
        var (item, _) = await SqlWithLogChainAsync(client, clock);
        using var arm = await RawArm.SignedInAsync(host);

        var all = (await RawArm.Body(await arm.Get(Escaped(item.Id) + "/recoveryPoints" + Api))).GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(["AzureWorkloadSQLPointInTimeRecoveryPoint", "AzureWorkloadSQLRecoveryPoint"], all.Select(p => p.GetProperty("properties").GetProperty("objectType").GetString()));
        var full = all[1].GetProperty("properties");
        var range = all[0].GetProperty("properties").GetProperty("timeRanges").EnumerateArray().Single();
        Assert.Equal(full.GetProperty("recoveryPointTimeInUTC").GetString(), range.GetProperty("startTime").GetString());
        Assert.Equal(TimeSpan.FromHours(1), range.GetProperty("endTime").GetDateTimeOffset() - range.GetProperty("startTime").GetDateTimeOffset());
        Assert.Equal("DefaultRangeRecoveryPoint", all[0].GetProperty("name").GetString());

        var log = (await RawArm.Body(await arm.Get(Escaped(item.Id) + "/recoveryPoints" + Api + "&$filter=" + Uri.EscapeDataString("restorePointQueryType eq 'Log' and extendedInfo eq 'true'")))).GetProperty("value");
        var chain = Assert.Single(log.EnumerateArray()).GetProperty("properties");
        Assert.Equal(["Data", "Log"], chain.GetProperty("extendedInfo").GetProperty("dataDirectoryPaths").EnumerateArray().Select(d => d.GetProperty("type").GetString()));
        var fullOnly = (await RawArm.Body(await arm.Get(Escaped(item.Id) + "/recoveryPoints" + Api + "&$filter=" + Uri.EscapeDataString("restorePointQueryType eq 'FullAndDifferential'")))).GetProperty("value");
        Assert.Equal("Full", Assert.Single(fullOnly.EnumerateArray()).GetProperty("properties").GetProperty("type").GetString());
        var bad = await arm.Get(Escaped(item.Id) + "/recoveryPoints" + Api + "&$filter=" + Uri.EscapeDataString("restorePointQueryType eq 'Logs'"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("restorePointQueryType", (await RawArm.Body(bad)).GetProperty("error").GetProperty("message").GetString());
    }

    /// <summary>A well-formed SQL point-in-time request to sqlserver-dr, which each case then breaks in one place.</summary>
    static JsonObject GoodSqlBody(ProtectedItem item, ProtectionContainer source, ProtectionContainer target, DateTimeOffset when) => new()
    {
        ["properties"] = new JsonObject
        {
            ["objectType"] = "AzureWorkloadSQLPointInTimeRestoreRequest",
            ["recoveryType"] = "AlternateLocation",
            ["sourceResourceId"] = source.SourceResourceId,
            ["pointInTime"] = when.UtcDateTime.ToString("o"),
            ["targetInfo"] = new JsonObject { ["overwriteOption"] = "FailOnConflict", ["containerId"] = target.Id, ["databaseName"] = "MSSQLSERVER/msdb_copy" },
            ["alternateDirectoryPaths"] = new JsonArray(new JsonObject { ["mappingType"] = "Data", ["sourceLogicalName"] = "msdb", ["sourcePath"] = @"F:\Data\msdb.mdf", ["targetPath"] = @"G:\msdb_copy.mdf" }),
        },
    };

    public static TheoryData<string, string, string> Malformed() => new()
    {
        // case, JSON path to change ("-" removes it) = value, what the error says
        { "no objectType", "objectType=-", "'properties.objectType' is required" },
        { "a VM request for a database", "objectType=IaasVMRestoreRequest", "does not fit" },
        { "a full-point request on the log chain", "objectType=AzureWorkloadSQLRestoreRequest", "needs a 'AzureWorkloadSQLPointInTimeRestoreRequest'" },
        { "no pointInTime", "pointInTime=-", "'properties.pointInTime' is required" },
        { "a time before the chain", "pointInTime=2001-01-01T00:00:00Z", "not inside any log range" },
        { "a time that is not one", "pointInTime=yesterday", "is not a date and time" },
        { "no recoveryType", "recoveryType=-", "'properties.recoveryType'" },
        { "a VM recovery type", "recoveryType=RestoreDisks", "'properties.recoveryType' 'RestoreDisks' is not valid" },
        { "another VM as source", "sourceResourceId=/subscriptions/x/resourceGroups/y/providers/Microsoft.Compute/virtualMachines/z", "is not the VM of" },
        { "no target", "targetInfo=-", "'properties.targetInfo' is required" },
        { "no target container", "targetInfo.containerId=-", "'properties.targetInfo.containerId' is required" },
        { "an unregistered target", "targetInfo.containerId=/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/SQLServerSelfHost/providers/Microsoft.RecoveryServices/vaults/SQLServer2012/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;SQLServerPMDemo;ad-primary-dc", "is not a VM registered" },
        { "a database name without instance", "targetInfo.databaseName=msdb_copy", "is not of the form instance/database" },
        { "an instance the VM lacks", "targetInfo.databaseName=SQLEXPRESS/msdb_copy", "has no SQL instance 'SQLEXPRESS'" },
        { "an existing database", "targetInfo.databaseName=MSSQLSERVER/model", "already exists" },
        { "a bad overwrite option", "targetInfo.overwriteOption=Sometimes", "overwriteOption' 'Sometimes' is not valid" },
        { "a file the database lacks", "alternateDirectoryPaths.0.sourceLogicalName=other", "not a file of 'msdb'" },
        { "a mapping without kind", "alternateDirectoryPaths.0.mappingType=-", "mappingType '(none)'" },
        { "files without a directory", "recoveryMode=FileRecovery", "targetDirectoryForFileRestore' is required" },
        { "over the original without overwrite", "recoveryType=OriginalLocation", "restoring to the original location overwrites it" },
    };

    /// <summary>One emulator for every case: each request is refused and changes nothing, so they do not disturb each other.</summary>
    [Fact]
    public async Task A_malformed_or_impossible_SQL_restore_is_a_400_ARM_error_that_starts_nothing()
    {
        var (host, clock, client) = await StartAsync();
        await using var _ = host;
        var (item, target) = await SqlWithLogChainAsync(client, clock);
        var source = await client.GetContainerAsync(TestEmulator.VaultId, item.ContainerName);
        var chain = await client.GetRecoveryPointAsync(item, "DefaultRangeRecoveryPoint");
        var range = chain.TimeRanges.Single();
        using var arm = await RawArm.SignedInAsync(host);

        foreach (var row in Malformed())
        {
            var (@case, change, says) = ((string)row[0], (string)row[1], (string)row[2]);
            var body = GoodSqlBody(item, source, target, range.Start!.Value.AddMinutes(30));
            var (path, value) = (change.Split('=', 2)[0].Split('.'), change.Split('=', 2)[1]);
            JsonNode node = body["properties"]!;
            foreach (var step in path[..^1]) node = int.TryParse(step, out var i) ? node[i]! : node[step]!;
            if (value == "-") node.AsObject().Remove(path[^1]);
            else node[path[^1]] = value;

            var response = await arm.Send(HttpMethod.Post, Escaped(chain.Id) + "/restore" + Api, body.ToJsonString());

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{@case}: {response.StatusCode}");
            var error = (await RawArm.Body(response)).GetProperty("error");
            Assert.True(error.GetProperty("message").GetString()!.Contains(says), $"{@case}: {error.GetProperty("message").GetString()}");
            Assert.False(string.IsNullOrEmpty(error.GetProperty("code").GetString()), @case);
        }
        Assert.DoesNotContain(host.State.Vaults.Single().Jobs.Values, j => j.Operation == "Restore");
    }

    [Fact]
    public async Task The_good_body_is_accepted_and_a_full_point_takes_no_pointInTime_request()
    {
        var (host, clock, client) = await StartAsync();
        await using var _ = host;
        var (item, target) = await SqlWithLogChainAsync(client, clock);
        var source = await client.GetContainerAsync(TestEmulator.VaultId, item.ContainerName);
        var chain = await client.GetRecoveryPointAsync(item, "DefaultRangeRecoveryPoint");
        using var arm = await RawArm.SignedInAsync(host);
        var body = GoodSqlBody(item, source, target, chain.TimeRanges.Single().End!.Value); // the range's end is inside it

        var accepted = await arm.Send(HttpMethod.Post, Escaped(chain.Id) + "/restore" + Api, body.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        RecoveryPoint? full = null;
        await foreach (var p in client.ListRecoveryPointsAsync(item, null, null, "Full")) full = p;
        var refused = await arm.Send(HttpMethod.Post, Escaped(full!.Id) + "/restore" + Api, body.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("restores from the log chain", (await RawArm.Body(refused)).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_TriggerRestore_RestoreDisks_example_is_accepted_with_the_examples_headers()
    {
        var (host, clock, client) = await StartAsync();
        await using var __ = host;
        var vm = await EmulatorSteps.ProtectVmAsync(client, "ad-primary-dc");
        var job = (BackupJob)(await client.WaitForOperationAsync(await client.TriggerBackupAsync(vm)))!;
        clock.Advance(TimeSpan.FromHours(1));
        RecoveryPoint? point = null;
        await foreach (var p in client.ListRecoveryPointsAsync(vm)) point = p;
        using var arm = await RawArm.SignedInAsync(host);

        // The example's body with this vault's VM, point and region (the example's vault is elsewhere).
        var example = Shapes.Fixture("spec-examples/AzureIaasVm/TriggerRestore_RestoreDisks_IaasVMRestoreRequest.json");
        var body = JsonNode.Parse(example.GetProperty("parameters").GetProperty("parameters").GetRawText())!;
        body["properties"]!["recoveryPointId"] = point!.Name;
        body["properties"]!["sourceResourceId"] = vm.SourceResourceId;
        body["properties"]!["region"] = "westcentralus";
        var response = await arm.Send(HttpMethod.Post, Escaped(point.Id) + "/restore" + Api, body.ToJsonString());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // The same URLs as the example's, but for the api-version, which there is 2020-09-01 (not a stable
        // version: the emulator names the one its other operations name), and the case of "subscriptions".
        var headers = example.GetProperty("responses").GetProperty("202").GetProperty("headers");
        foreach (var name in new[] { "Location", "Azure-AsyncOperation" })
            Assert.Equal(Shapes.PathShape(headers.GetProperty(name).GetString()!).Split('?')[0], Shapes.PathShape(response.Headers.GetValues(name).Single()).Split('?')[0], StringComparer.OrdinalIgnoreCase);
        Assert.True(response.Headers.Contains("Retry-After"));

        var status = await RawArm.Body(await arm.PollUntilDone(response.Headers.GetValues("Azure-AsyncOperation").Single()));
        Assert.Equal("Succeeded", status.GetProperty("status").GetString());
        var restoreJob = host.State.Vaults.Single().Jobs[status.GetProperty("properties").GetProperty("jobId").GetString()!];
        Assert.Equal(("Restore", "InProgress"), (restoreJob.Operation, restoreJob.Status));

        // The same body without a storage account, or with another region, is refused.
        body["properties"]!["region"] = "southeastasia";
        Assert.Contains("vault's region", (await RawArm.Body(await arm.Send(HttpMethod.Post, Escaped(point.Id) + "/restore" + Api, body.ToJsonString()))).GetProperty("error").GetProperty("message").GetString());
        body["properties"]!["region"] = "westcentralus";
        body["properties"]!.AsObject().Remove("storageAccountId");
        Assert.Contains("'properties.storageAccountId' is required", (await RawArm.Body(await arm.Send(HttpMethod.Post, Escaped(point.Id) + "/restore" + Api, body.ToJsonString()))).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Every_answer_of_the_restore_workflows_and_every_body_the_client_sends_fit_bms_json()
    {
        var (host, clock, client) = await StartAsync();
        await using var _ = host;
        var (item, target) = await SqlWithLogChainAsync(client, clock);
        var vm = await EmulatorSteps.ProtectVmAsync(client, "ad-primary-dc");
        var share = await EmulatorSteps.ProtectFileShareAsync(client, "invoices");
        foreach (var i in new[] { vm, share }) await client.WaitForOperationAsync(await client.TriggerBackupAsync(i));
        clock.Advance(TimeSpan.FromHours(1));

        async Task<RecoveryPoint> First(ProtectedItem i, string? type = null)
        {
            await foreach (var p in client.ListRecoveryPointsAsync(i, null, null, type)) return p;
            throw new InvalidOperationException("no point");
        }
        var chain = await First(item, "Log");
        var full = await client.GetRecoveryPointAsync(item, (await First(item, "Full")).Name);
        var restores = new (RecoveryPoint Point, RestoreOptions Options)[]
        {
            (chain, new RestoreOptions { Target = RestoreTarget.AlternateDatabase, PointInTime = chain.TimeRanges[0].Start!.Value.AddMinutes(1), TargetContainer = target, TargetInstance = "MSSQLSERVER", TargetDatabaseName = "msdb_pit", DataDirectory = @"G:\Data", LogDirectory = @"G:\Log" }),
            (full, new RestoreOptions { Target = RestoreTarget.OriginalLocation }),
            (full, new RestoreOptions { Target = RestoreTarget.Files, TargetContainer = target, TargetDirectory = @"F:\Files" }),
            (await First(vm), new RestoreOptions { Target = RestoreTarget.Disks, StorageAccountId = Account }),
            (await First(share), new RestoreOptions { Target = RestoreTarget.OriginalLocation, ConflictResolution = "Overwrite" }),
            (await First(share), new RestoreOptions { Target = RestoreTarget.AlternateFileShare, TargetFileShareName = "reports", TargetStorageAccountId = Account }),
        };
        var jobs = new List<BackupJob>();
        foreach (var (point, options) in restores)
            jobs.Add((BackupJob)(await client.WaitForOperationAsync(await client.RestoreAsync(point, options)))!);
        clock.Advance(TimeSpan.FromHours(1));
        foreach (var job in jobs) Assert.Equal(("Restore", "Completed"), ((await client.GetJobAsync(TestEmulator.VaultId, job.JobId)).Operation, (await client.GetJobAsync(TestEmulator.VaultId, job.JobId)).Status));

        var problems = new List<string>();
        foreach (var e in host.Log.Entries.Where(e => e.Path.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase) && e.Path.TrimEnd('/').Split('/').Length != 9))
        {
            // A container's operationsStatus is not in bms.json, though its examples name it (see ResponseSchemaTests).
            var found = System.Text.RegularExpressions.Regex.IsMatch(e.Path, "/protectionContainers/[^/]+/operationsStatus/", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
                ? Spec.CheckAs("OperationStatus", e.Status, e.ResponseBody)
                : Spec.CheckResponse(e.Method, e.Path, e.Status, e.ResponseBody);
            problems.AddRange(found.Select(p => $"{p}  [{e.Method} {e.Path}]"));
            if (e.Method == "POST" && e.Path.EndsWith("/restore"))
                problems.AddRange(Spec.CheckDefinition("RestoreRequestResource", JsonDocument.Parse(e.Body!).RootElement).Select(p => $"request: {p}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
        Assert.Equal(6, host.Log.Entries.Count(e => e.Method == "POST" && e.Path.EndsWith("/restore")));
    }
}
