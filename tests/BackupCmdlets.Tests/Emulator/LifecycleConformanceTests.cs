using BackupCmdlets.Client;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Emulator;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>
/// The lifecycle's answers (stop, resume, change policy, delete with soft delete, undelete, unregister refused and
/// accepted, and their polls), each checked against the definition bms.json declares for its operation and status.
/// </summary>
public class LifecycleConformanceTests
{
    [Fact]
    public async Task Every_answer_of_the_protection_lifecycle_is_what_bms_json_declares()
    {
        var clock = new OffsetClock();
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        settings.RetryAfterSeconds = 0;
        settings.KeepResponseBodies = true;
        settings.Clock = clock;
        await using var host = await TestEmulator.StartAsync(settings);
        var client = TestEmulator.Client(host);

        var container = await EmulatorSteps.RegisterAndInquireAsync(client, "sqlserver-0");
        var item = await EmulatorSteps.ProtectAsync(client, "msdb");
        var policy = await client.GetPolicyAsync(TestEmulator.VaultId, "HourlyLogBackup");
        var stopped = (ProtectedItem)(await client.WaitForOperationAsync(await client.StopProtectionAsync(item)))!;
        await client.WaitForOperationAsync(await client.ModifyProtectionAsync(stopped, policy));
        await Assert.ThrowsAsync<BackupServiceException>(() => client.UnregisterContainerAsync(container));
        await client.WaitForOperationAsync(await client.DeleteBackupDataAsync(item));
        var deleted = await client.GetProtectedItemAsync(TestEmulator.VaultId, item.ContainerName, item.Name);
        Assert.True(deleted.IsScheduledForDeferredDelete);
        await Assert.ThrowsAsync<BackupServiceException>(() => client.DeleteBackupDataAsync(item)); // already deleted
        var back = (ProtectedItem)(await client.WaitForOperationAsync(await client.UndeleteProtectedItemAsync(deleted)))!;
        await client.WaitForOperationAsync(await client.DeleteBackupDataAsync(back));
        clock.Advance(TimeSpan.FromDays(15));
        await client.WaitForOperationAsync(await client.UnregisterContainerAsync(container));

        var problems = new List<string>();
        var seen = new HashSet<string>();
        foreach (var e in host.Log.Entries.Where(e => e.Path.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase)))
        {
            if (e.Method == "GET" && e.Path.TrimEnd('/').Split('/').Length == 9) continue; // the vault: vaults.json, not copied
            if (SpecSchemaValidator.Spec.Find(e.Method, e.Path) is not { } op) continue; // the container operationsStatus twin, checked elsewhere
            seen.Add($"{op.OperationId} {e.Status}");
            problems.AddRange(SpecSchemaValidator.Spec.CheckResponse(e.Method, e.Path, e.Status, e.ResponseBody)
                .Where(p => !p.EndsWith(".error.recommendations: not declared by ErrorDetail", StringComparison.Ordinal))
                .Select(p => $"{p}  [{e.Method} {e.Path}]"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
        var expected = new[]
        {
            "ProtectedItems_CreateOrUpdate 202", "ProtectedItems_Delete 202", "ProtectedItems_Delete 400",
            "ProtectionContainers_Unregister 400", "ProtectionContainers_Unregister 202",
            "BackupOperationStatuses_Get 200", "ProtectedItemOperationStatuses_Get 200",
        };
        Assert.True(expected.All(seen.Contains), "Seen: " + string.Join(", ", seen.Order()));
    }
}
