using System.Net;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>
/// The emulator enforces on-demand backup rules as the service does, whatever a client sends:
/// request kind per workload, backup types, and the walkthrough's retention rules, refused with
/// 400 in ARM's error shape. Requests are plain HTTP, so the module's own checks play no part.
/// </summary>
public class BackupRulesTests(ProtectedWorkloads workloads) : IClassFixture<ProtectedWorkloads>
{
    static string Body(string objectType, string? backupType = null, int? expiryDays = null, string? extra = null)
    {
        var parts = new List<string> { $"\"objectType\":\"{objectType}\"" };
        if (backupType != null) parts.Add($"\"backupType\":\"{backupType}\"");
        if (expiryDays is int days) parts.Add($"\"recoveryPointExpiryTimeInUTC\":\"{DateTime.UtcNow.AddDays(days):yyyy-MM-dd'T'HH:mm:ss'Z'}\"");
        if (extra != null) parts.Add(extra);
        return "{\"properties\":{" + string.Join(",", parts) + "}}";
    }

    public static TheoryData<string, string, string?> Cases() => new()
    {
        // workload, body, the refusal's message (null: accepted)
        { "SQL", Body("AzureWorkloadBackupRequest", "Full"), null },
        { "SQL", Body("AzureWorkloadBackupRequest", "Full", 46), null },
        { "SQL", Body("AzureWorkloadBackupRequest", "Full", 10), "less than 45 days away" },
        { "SQL", Body("AzureWorkloadBackupRequest", "Full", 99 * 366), "more than 99 years away" },
        { "SQL", Body("AzureWorkloadBackupRequest", "CopyOnlyFull", 1), null },
        { "SQL", Body("AzureWorkloadBackupRequest", "CopyOnlyFull", -1), "in the past" },
        { "SQL", Body("AzureWorkloadBackupRequest", "Log", 60), "kept as the policy keeps scheduled log backups" },
        { "SQL", Body("AzureWorkloadBackupRequest", "Differential", 60), "kept as the policy keeps scheduled differential backups" },
        { "SQL", Body("AzureWorkloadBackupRequest", "Log"), null },
        { "SQL", Body("AzureWorkloadBackupRequest", "Incremental"), "Use one of: Full, Differential, Log, CopyOnlyFull" },
        { "SQL", Body("AzureWorkloadBackupRequest"), "Backup type '(none)'" },
        { "SQL", Body("AzureWorkloadBackupRequest", "Full", extra: "\"enableCompression\":\"yes\""), "must be true or false" },
        { "SQL", Body("IaasVMBackupRequest"), "Use 'AzureWorkloadBackupRequest'" },
        { "VM", Body("IaasVMBackupRequest"), null },
        { "VM", Body("IaasVMBackupRequest", expiryDays: 2), null },
        { "VM", Body("IaasVMBackupRequest", expiryDays: 100 * 366), "more than 99 years away" },
        { "VM", Body("AzureFileShareBackupRequest"), "Use 'IaasVMBackupRequest'" },
        { "FileShare", Body("AzureFileShareBackupRequest", expiryDays: 5), null },
        { "FileShare", Body("AzureFileShareBackupRequest", expiryDays: 11 * 365), "more than 10 years away" },
        { "FileShare", Body("AzureWorkloadBackupRequest", "Full"), "Use 'AzureFileShareBackupRequest'" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_trigger_is_accepted_or_refused_by_the_rules_of_its_workload(string workload, string body, string? refusal)
    {
        using var arm = await RawArm.SignedInAsync(workloads.Emulator);
        var item = workloads.Items[workload];
        var jobsBefore = workloads.Emulator.State.Vaults.Single().Jobs.Count;
        // The fixture's jobs take no time: the previous case's backup is over by this request, so no conflict hides the rule under test.
        var response = await arm.Send(HttpMethod.Post, string.Join("/", item.Id.Split('/').Select(Uri.EscapeDataString)) + "/backup?api-version=2025-08-01", body);
        if (refusal == null)
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal(jobsBefore + 1, workloads.Emulator.State.Vaults.Single().Jobs.Count);
            return;
        }
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await RawArm.Body(response)).GetProperty("error");
        Assert.Equal("BMSUserErrorInvalidInput", error.GetProperty("code").GetString());
        Assert.Contains(refusal, error.ToString()); // the message, or the recommendation that says what fits
        Assert.Equal(jobsBefore, workloads.Emulator.State.Vaults.Single().Jobs.Count);
    }

    [Fact]
    public async Task Without_an_expiry_a_log_backup_is_kept_as_the_policy_keeps_logs_and_a_full_one_45_days()
    {
        using var arm = await RawArm.SignedInAsync(workloads.Emulator);
        var item = workloads.Items["SQL"];
        var path = string.Join("/", item.Id.Split('/').Select(Uri.EscapeDataString));
        foreach (var type in new[] { "Log", "Full" })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await arm.Send(HttpMethod.Post, path + "/backup?api-version=2025-08-01", Body("AzureWorkloadBackupRequest", type))).StatusCode);
        }
        // A log backup makes no recovery point of its own (it extends the log chain's time ranges), so each
        // backup's retention is read where the service states it for both: its job's property bag, newest first.
        var bags = (await RawArm.Body(await arm.Get(RawArm.VaultPath + "/backupJobs?api-version=2025-08-01"))).GetProperty("value").EnumerateArray()
            .Select(j => j.GetProperty("properties").GetProperty("extendedInfo").GetProperty("propertyBag")).ToList();
        DateTimeOffset ExpiryOf(string type) => bags.First(b => b.TryGetProperty("Backup Type", out var t) && t.GetString() == type)
            .GetProperty("Recovery point Expiry Time in UTC").GetDateTimeOffset();
        // HourlyLogBackup keeps logs 30 days (seed, from the BackupPolicies_List example).
        Assert.InRange(ExpiryOf("Log") - DateTimeOffset.UtcNow, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(30));
        Assert.InRange(ExpiryOf("Full") - DateTimeOffset.UtcNow, TimeSpan.FromDays(45) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(45));
    }
}
