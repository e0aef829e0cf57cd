using System.Net;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>
/// The answers of auto-protection and availability groups, driven through the module's client, each checked
/// against the definition bms.json declares for its operation and status.
/// </summary>
public class AutoProtectionSchemaTests
{
    const string Api = "?api-version=2025-08-01";

    [Fact]
    public async Task Intents_and_availability_group_answers_are_what_bms_json_declares()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var settings = TestEmulator.FastSettings(pageSize: 2);
        settings.KeepResponseBodies = true;
        settings.Clock = clock;
        settings.OperationDuration = TimeSpan.Zero;
        settings.RetryAfterSeconds = 0;
        settings.JobDuration = TimeSpan.FromHours(1);
        settings.TokenLifetime = TimeSpan.FromDays(30);
        await using var host = await TestEmulator.StartAsync(settings);
        using var arm = await RawArm.SignedInAsync(host);
        var client = TestEmulator.Client(host, o => o.DefaultPollInterval = TimeSpan.FromMilliseconds(10));
        var vault = TestEmulator.VaultId;

        await EmulatorSteps.RegisterAndInquireAsync(client, "sqlserver-0");
        await EmulatorSteps.RegisterAndInquireAsync(client, "sqlag-0");
        var items = new List<ProtectableItem>();
        await foreach (var i in client.ListProtectableItemsAsync(vault)) items.Add(i);
        var policy = await client.GetPolicyAsync(vault, "HourlyLogBackup");
        var instance = items.Single(i => i.ProtectableItemType == "SQLInstance" && i.ContainerName.EndsWith(";sqlserver-0"));
        var group = items.Single(i => i.ProtectableItemType == "SQLAvailabilityGroupContainer");
        var intent = await client.EnableAutoProtectionAsync(instance, policy);
        await client.EnableAutoProtectionAsync(group, policy);
        await client.EnableAutoProtectionAsync(instance, policy); // the same intent again
        await foreach (var _ in client.ListProtectionIntentsAsync(vault)) { }
        await foreach (var _ in client.ListProtectionIntentsAsync(vault, "SQLAvailabilityGroupContainer")) { }
        await client.GetProtectionIntentAsync(vault, intent.Name);
        await foreach (var _ in client.ListProtectableItemsAsync(vault)) { } // isAutoProtected now true
        await foreach (var c in client.ListContainersAsync(vault)) await client.GetContainerAsync(vault, c.Name); // the group's container
        var protectedItems = new List<ProtectedItem>();
        await foreach (var p in client.ListProtectedItemsAsync(vault)) protectedItems.Add(p);
        var orders = protectedItems.Single(p => p.FriendlyName == "OrdersDB");
        var job = (BackupJob)(await client.WaitForOperationAsync(await client.TriggerBackupAsync(orders)))!;
        await foreach (var _ in client.ListJobsAsync(vault)) { } // ConfigureBackup jobs too
        clock.Advance(TimeSpan.FromHours(2));
        await client.GetJobAsync(vault, job.JobId);
        await client.DisableAutoProtectionAsync(intent);
        await client.DisableAutoProtectionAsync(intent); // gone already: 204 all the same

        // Errors: an unknown intent, a database as the item, an intent of another name for an auto-protected item.
        var path = $"{RawArm.VaultPath}/backupFabrics/Azure/backupProtectionIntent/";
        Assert.Equal(HttpStatusCode.NotFound, (await arm.Get(path + "00000000-0000-0000-0000-00000000dead" + Api)).StatusCode);
        var database = items.First(i => i.ProtectableItemType == "SQLDataBase");
        Assert.Equal(HttpStatusCode.BadRequest, (await arm.Send(HttpMethod.Put, path + "bad" + Api, Body(database.Id, policy.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await arm.Send(HttpMethod.Put, path + "other" + Api, Body(group.Id, policy.Id))).StatusCode);

        var problems = new List<string>();
        var seen = new HashSet<string>();
        foreach (var e in host.Log.Entries.Where(e => e.Path.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase)))
        {
            if (e.Method == "GET" && e.Path.TrimEnd('/').Split('/').Length == 9) continue; // the vault: vaults.json, not copied
            if (System.Text.RegularExpressions.Regex.IsMatch(e.Path, "/protectionContainers/[^/]+/operationsStatus/", System.Text.RegularExpressions.RegexOptions.IgnoreCase)) continue; // see ResponseSchemaTests
            if (SpecSchemaValidator.Spec.Find(e.Method, e.Path) is { } op) seen.Add($"{op.OperationId} {e.Status}");
            problems.AddRange(SpecSchemaValidator.Spec.CheckResponse(e.Method, e.Path, e.Status, e.ResponseBody)
                .Where(p => !p.EndsWith(".error.recommendations: not declared by ErrorDetail", StringComparison.Ordinal))
                .Select(p => $"{p}  [{e.Method} {e.Path}]"));
        }
        Assert.True(problems.Count == 0, $"{problems.Count} answers break bms.json:\n" + string.Join("\n", problems.Distinct()));
        var expected = new[]
        {
            "ProtectionIntent_CreateOrUpdate 200", "ProtectionIntent_CreateOrUpdate 400", "ProtectionIntent_CreateOrUpdate 409",
            "ProtectionIntent_Get 200", "ProtectionIntent_Get 404", "ProtectionIntent_Delete 204", "BackupProtectionIntent_List 200",
            "BackupProtectionContainers_List 200", "ProtectionContainers_Get 200", "BackupProtectableItems_List 200", "BackupJobs_List 200",
        };
        Assert.True(expected.All(seen.Contains), "Not exercised: " + string.Join(", ", expected.Where(x => !seen.Contains(x))));
    }

    static string Body(string itemId, string policyId) =>
        $$$"""{"properties":{"protectionIntentItemType":"AzureWorkloadSQLAutoProtectionIntent","itemId":"{{{itemId}}}","policyId":"{{{policyId}}}"}}""";
}
