using System.Net;
using System.Text.Json;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>
/// Azure VMs and file shares as the official examples show them: the bodies the client sends, the
/// answers the emulator gives. Where the spec has no example (the SQL and file share request kinds,
/// file share jobs and recovery points), every property sent or answered must be one the spec's
/// definition declares.
/// </summary>
public class WorkloadConformanceTests(ProtectedWorkloads workloads) : IClassFixture<ProtectedWorkloads>
{
    const string Api = "?api-version=2025-08-01";
    static JsonElement Request(string example) => Shapes.Fixture(Path.Combine("spec-examples", example)).GetProperty("parameters").GetProperty("parameters");
    static JsonElement Json(string text) { using var d = JsonDocument.Parse(text); return d.RootElement.Clone(); }

    /// <summary>Same properties both ways, discriminators equal: the request is the example's shape, no more, no less.</summary>
    static void AssertSameShape(JsonElement example, JsonElement actual)
    {
        Shapes.AssertConforms(example, actual);
        Shapes.AssertConforms(actual, example);
    }

    string LoggedBody(string method, string pathEnd) =>
        workloads.Emulator.Log.Entries.Last(e => e.Method == method && Uri.UnescapeDataString(e.Path).EndsWith(pathEnd, StringComparison.OrdinalIgnoreCase)).Body!;

    [Fact]
    public async Task An_Azure_VM_is_enabled_triggered_and_answered_as_the_AzureIaasVm_examples()
    {
        var vm = workloads.Items["VM"];
        using var arm = await RawArm.SignedInAsync(workloads.Emulator);

        // The client's enable request is ConfigureProtection's body.
        AssertSameShape(Request("AzureIaasVm/ConfigureProtection.json"), Json(LoggedBody("PUT", "/protectedItems/" + vm.Name)));

        var listed = await RawArm.Body(await arm.Get(RawArm.VaultPath + "/backupProtectableItems" + Api + "&$filter=backupManagementType eq 'AzureIaasVM'"));
        Shapes.AssertConforms(Shapes.Example("AzureIaasVm/BackupProtectableItems_List.json", "200").GetProperty("body"), listed, "protectableItemType"); // the example's VM is a classic one
        Assert.Equal("Microsoft.Compute/virtualMachines", listed.GetProperty("value")[0].GetProperty("properties").GetProperty("protectableItemType").GetString());

        // The client's trigger without options is TriggerBackup_Post's body; the answer has its headers and spelling.
        var client = TestEmulator.Client(workloads.Emulator, o => o.DefaultPollInterval = TimeSpan.FromMilliseconds(20));
        var job = (BackupJob)(await client.WaitForOperationAsync(await client.TriggerBackupAsync(vm)))!;
        Assert.Equal(JsonSerializer.Serialize(Request("Common/TriggerBackup_Post.json")), LoggedBody("POST", vm.Name + "/backup"));
        await client.WaitForJobAsync(job, pollInterval: TimeSpan.FromMilliseconds(20));
        var response = await arm.Send(HttpMethod.Post, EscapedPath(vm.Id) + "/backup" + Api, Request("Common/TriggerBackup_Post.json").GetRawText());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Shapes.AssertHeadersLike(Shapes.Example("Common/TriggerBackup_Post.json", "202").GetProperty("headers"), response);
        Assert.Contains("IaasVMContainer;iaasvmcontainer;", Uri.UnescapeDataString(response.Headers.Location!.ToString())); // as the example: "iaasvmcontainer", not "...v2"
        // The fixture's jobs take no time: the next request sees this one done.

        var item = await RawArm.Body(await arm.Get(EscapedPath(vm.Id) + Api));
        Shapes.AssertConforms(Shapes.Example("AzureIaasVm/Compute_ProtectedItem_Get.json", "200").GetProperty("body"), item, "policyType"); // the example's policy is an enhanced (V2) one
        var jobs = await RawArm.Body(await arm.Get(RawArm.VaultPath + "/backupJobs" + Api + "&$filter=backupManagementType eq 'AzureIaasVM'"));
        Shapes.AssertConforms(Shapes.Example("Common/ListJobs.json", "200").GetProperty("body"), jobs, "endTime"); // the example's first job still runs
        var points = await RawArm.Body(await arm.Get(EscapedPath(vm.Id) + "/recoveryPoints" + Api));
        Shapes.AssertConforms(Shapes.Example("AzureIaasVm/RecoveryPoints_List.json", "200").GetProperty("body"), points,
            "nextLink", "extendedInfo", "Archive", "zones", "isPrivateAccessEnabledOnAnyDisk", "osType", "extendedLocation", "securityType"); // per-point extras of the example's other points
    }

    [Fact]
    public async Task A_SQL_database_is_enabled_and_triggered_with_the_walkthrough_bodies()
    {
        var db = workloads.Items["SQL"];
        // The walkthrough's enable body, plus the spec's discriminator.
        var enable = Json(LoggedBody("PUT", "/protectedItems/" + db.Name));
        Shapes.AssertConforms(Shapes.Fixture("walkthrough/ProtectedItem_Enable_Request.json"), enable, "location"); // optional: an item is where its vault is
        Assert.Equal("AzureVmWorkloadSQLDatabase", enable.GetProperty("properties").GetProperty("protectedItemType").GetString());

        var client = TestEmulator.Client(workloads.Emulator, o => o.DefaultPollInterval = TimeSpan.FromMilliseconds(20));
        await client.WaitForOperationAsync(await client.TriggerBackupAsync(db));
        static string Compact(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
        Assert.Equal(Compact(Shapes.Fixture("walkthrough/TriggerBackup_Request.json").GetRawText()), LoggedBody("POST", db.Name + "/backup"));
    }

    [Fact]
    public async Task A_storage_account_is_registered_and_inquired_as_the_AzureStorage_examples()
    {
        var share = workloads.Items["FileShare"];
        using var arm = await RawArm.SignedInAsync(workloads.Emulator);

        // The client's register request is ProtectionContainers_Register's body.
        AssertSameShape(Request("AzureStorage/ProtectionContainers_Register.json"), Json(LoggedBody("PUT", "/protectionContainers/" + share.ContainerName)));
        var container = await RawArm.Body(await arm.Get(RawArm.VaultPath + "/backupFabrics/Azure/protectionContainers/" + share.ContainerName + Api));
        Shapes.AssertConforms(Shapes.Example("AzureStorage/ProtectionContainers_Register.json", "200").GetProperty("body"), container);
        var containers = await RawArm.Body(await arm.Get(RawArm.VaultPath + "/backupProtectionContainers" + Api + "&$filter=backupManagementType eq 'AzureStorage'"));
        Shapes.AssertConforms(Shapes.Example("AzureStorage/ProtectionContainers_List.json", "200").GetProperty("body"), containers);
        Assert.Equal(1, containers.GetProperty("value")[0].GetProperty("properties").GetProperty("protectedItemCount").GetInt32());

        var inquiry = await arm.Send(HttpMethod.Post, RawArm.VaultPath + "/backupFabrics/Azure/protectionContainers/" + share.ContainerName + "/inquire" + Api + "&$filter=workloadType EQ 'AzureFileShare'");
        Assert.Equal(HttpStatusCode.Accepted, inquiry.StatusCode);
        Shapes.AssertHeadersLike(Shapes.Example("AzureStorage/ProtectionContainers_Inquire.json", "202").GetProperty("headers"), inquiry);
        var wrongWorkload = await arm.Send(HttpMethod.Post, RawArm.VaultPath + "/backupFabrics/Azure/protectionContainers/" + share.ContainerName + "/inquire" + Api + "&$filter=workloadType EQ 'SQLDataBase'");
        Assert.Equal(HttpStatusCode.BadRequest, wrongWorkload.StatusCode);
    }

    [Fact]
    public async Task Discovered_storage_accounts_are_listed_as_ProtectableContainers_List()
    {
        await using var host = await TestEmulator.StartAsync();
        using var arm = await RawArm.SignedInAsync(host);
        var refresh = await arm.Send(HttpMethod.Post, RawArm.VaultPath + "/backupFabrics/Azure/refreshContainers" + Api + "&$filter=backupManagementType eq 'AzureStorage'");
        await arm.PollUntilDone(refresh.Headers.Location!.ToString());
        var listed = await RawArm.Body(await arm.Get(RawArm.VaultPath + "/backupFabrics/Azure/protectableContainers" + Api + "&$filter=backupManagementType eq 'AzureStorage' and workloadType eq 'AzureFileShare'"));
        Shapes.AssertConforms(Shapes.Example("AzureStorage/ProtectableContainers_List.json", "200").GetProperty("body"), listed);
        var sql = await RawArm.Body(await arm.Get(RawArm.VaultPath + "/backupFabrics/Azure/protectableContainers" + Api + "&$filter=backupManagementType eq 'AzureWorkload'"));
        Assert.Equal(0, sql.GetProperty("value").GetArrayLength()); // only the fabric that was refreshed is discovered
    }

    [Fact]
    public async Task Requests_jobs_and_recovery_points_of_every_workload_declare_only_what_the_spec_defines()
    {
        var client = TestEmulator.Client(workloads.Emulator, o => o.DefaultPollInterval = TimeSpan.FromMilliseconds(20));
        var expiry = DateTimeOffset.UtcNow.AddDays(90);
        var requests = new Dictionary<string, BackupRequestOptions>
        {
            ["SQL"] = new() { BackupType = "CopyOnlyFull", EnableCompression = true, RecoveryPointExpiryTimeInUtc = expiry },
            ["VM"] = new() { RecoveryPointExpiryTimeInUtc = expiry },
            ["FileShare"] = new() { RecoveryPointExpiryTimeInUtc = expiry },
        };
        using var arm = await RawArm.SignedInAsync(workloads.Emulator);
        foreach (var (workload, request) in requests)
        {
            var item = workloads.Items[workload];
            var job = (BackupJob)(await client.WaitForOperationAsync(await client.TriggerBackupAsync(item, request)))!;
            job = await client.WaitForJobAsync(job, pollInterval: TimeSpan.FromMilliseconds(20));

            var sent = Json(LoggedBody("POST", item.Name + "/backup")).GetProperty("properties");
            AssertDeclared(sent, sent.GetProperty("objectType").GetString()!, workload + " request");
            var jobBody = job.ToJson();
            var jobProperties = Json(jobBody).GetProperty("properties");
            AssertDeclared(jobProperties, jobProperties.GetProperty("jobType").GetString()!, workload + " job");
            AssertDeclared(jobProperties.GetProperty("extendedInfo"), jobProperties.GetProperty("jobType").GetString() + "ExtendedInfo", workload + " job extendedInfo");

            var points = await RawArm.Body(await arm.Get(EscapedPath(item.Id) + "/recoveryPoints" + Api));
            var point = points.GetProperty("value")[0].GetProperty("properties");
            AssertDeclared(point, point.GetProperty("objectType").GetString()!, workload + " recovery point");
            AssertDeclared(point.GetProperty("recoveryPointProperties"), "RecoveryPointProperties", workload + " recovery point properties");
            Assert.Equal(expiry.ToString("yyyy-MM-dd'T'HH:mm:ss"), point.GetProperty("recoveryPointProperties").GetProperty("expiryTime").GetString()![..19]);
        }
    }

    static string EscapedPath(string id) => string.Join("/", id.Split('/').Select(Uri.EscapeDataString));

    /// <summary>Every property of <paramref name="body"/> is declared by the definition named by its discriminator, or one it extends.</summary>
    static void AssertDeclared(JsonElement body, string discriminatorOrName, string what)
    {
        var definitions = Shapes.Fixture("spec-definitions.json").GetProperty("definitions");
        var name = definitions.EnumerateObject().Where(d => d.Value.TryGetProperty("x-ms-discriminator-value", out var v) && v.GetString() == discriminatorOrName)
            .Select(d => d.Name).FirstOrDefault() ?? discriminatorOrName;
        Assert.True(definitions.TryGetProperty(name, out _), $"{what}: the spec defines no '{discriminatorOrName}'");
        var declared = new HashSet<string>();
        for (var current = name; current != null;)
        {
            var definition = definitions.GetProperty(current);
            if (definition.TryGetProperty("properties", out var properties))
                foreach (var p in properties.EnumerateObject()) declared.Add(p.Name);
            current = definition.TryGetProperty("allOf", out var parents) ? parents[0].GetProperty("$ref").GetString()!.Split('/').Last() : null;
        }
        var undeclared = body.EnumerateObject().Select(p => p.Name).Where(n => !declared.Contains(n)).ToList();
        Assert.True(undeclared.Count == 0, $"{what} ({name}) has properties the spec does not declare: {string.Join(", ", undeclared)}");
    }
}
