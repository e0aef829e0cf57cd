using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// Every request kind with every option Start-BackupItem has, against the emulator, typed into a real
/// runspace: what fits the workload is sent exactly as expected (read back from the emulator's request
/// log); what does not is refused with a message that says what fits, and nothing is sent.
/// </summary>
public class BackupRequestMatrixTests(ProtectedWorkloads workloads) : IClassFixture<ProtectedWorkloads>
{
    static readonly string[] Workloads = ["SQL", "VM", "FileShare"];
    static readonly string?[] Types = [null, "Full", "Differential", "Log", "CopyOnlyFull", "Incremental", "SnapshotFull", "SnapshotCopyOnlyFull"];
    static readonly string[] Expiries = ["none", "date", "days"];
    const int Days = 60;

    public static TheoryData<string, string?, bool, string> Combinations()
    {
        var data = new TheoryData<string, string?, bool, string>();
        foreach (var w in Workloads)
            foreach (var t in Types)
                foreach (var compression in new[] { false, true })
                    foreach (var e in Expiries)
                        data.Add(w, t, compression, e);
        return data;
    }

    /// <summary>The test's own statement of the rules, written from the walkthrough and the spec, not from the module's table.</summary>
    static (string? Body, string? Refusal) Expected(string workload, string? type, bool compression, string expiry, DateTime expiryUtc)
    {
        var sql = workload == "SQL";
        var hasExpiry = expiry != "none";
        if (hasExpiry && type is "Differential" or "Log") return (null, $"does not apply to a {type} backup");
        if (!sql && type != null) return (null, "has no backup type. Leave it out.");
        if (sql && type is "Incremental" or "SnapshotFull" or "SnapshotCopyOnlyFull") return (null, "Use one of: Full, Differential, Log, CopyOnlyFull");
        if (!sql && compression) return (null, "-EnableCompression applies to SQL databases only");
        var request = sql ? "AzureWorkloadBackupRequest" : workload == "VM" ? "IaasVMBackupRequest" : "AzureFileShareBackupRequest";
        var parts = new List<string> { $"\"objectType\":\"{request}\"" };
        if (sql) parts.Add($"\"backupType\":\"{type ?? "Full"}\"");
        if (sql && compression) parts.Add("\"enableCompression\":true");
        if (hasExpiry) parts.Add($"\"recoveryPointExpiryTimeInUTC\":\"{expiryUtc:yyyy-MM-dd'T'HH:mm:ss'Z'}\"");
        return ("{\"properties\":{" + string.Join(",", parts) + "}}", null);
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Each_combination_is_sent_as_the_workload_allows_or_refused_before_any_request(string workload, string? type, bool compression, string expiry)
    {
        using var ps = PowerShellSession.Connected(workloads.Emulator);
        var date = DateTime.UtcNow.Date.AddDays(Days + 1);
        var parameters = new List<string>();
        if (type != null) parameters.Add("-BackupType " + type);
        if (compression) parameters.Add("-EnableCompression");
        if (expiry == "date") parameters.Add("-ExpiryDateTimeUtc $date");
        if (expiry == "days") parameters.Add($"-RetainDays {Days}");
        var before = workloads.Emulator.Log.Count;
        var (body, refusal) = Expected(workload, type, compression, expiry, date);

        var run = ps.Run(StatementTerminating.Stops("$item | Start-BackupItem " + string.Join(" ", parameters)), ("item", workloads.Items[workload]), ("date", date));
        var sent = workloads.Emulator.Log.Entries.Skip(before).Where(e => e.Method == "POST" && e.Path.EndsWith("/backup")).ToList();
        if (refusal != null)
        {
            // Refused by the cmdlet (terminating when the parameters alone are wrong, the item's error when the workload decides).
            var error = Assert.Single(run.AllErrors);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.EndsWith(",BackupCmdlets.Cmdlets.StartBackupItemCommand", error.FullyQualifiedErrorId);
            Assert.Contains(refusal, error.Exception.Message);
            Assert.Empty(run.Output);
            Assert.Equal(before, workloads.Emulator.Log.Count); // not even the look at the item's jobs
            return;
        }
        run.AssertNoErrors();
        Assert.IsType<BackupOperation>(Assert.Single(run.Output).BaseObject);
        var trigger = Assert.Single(sent);
        Assert.Equal(202, trigger.Status);
        if (expiry == "days")
        {
            // -RetainDays: the expiry is "now" plus the days, so compare all but the time.
            var json = System.Text.Json.JsonDocument.Parse(trigger.Body!).RootElement.GetProperty("properties");
            var at = json.GetProperty("recoveryPointExpiryTimeInUTC").GetDateTimeOffset();
            Assert.InRange(at, DateTimeOffset.UtcNow.AddDays(Days).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(Days));
            body = body!.Replace(date.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        }
        Assert.Equal(body, trigger.Body);
    }

    public static TheoryData<string, string?, string, int, string?> RetentionCases() => new()
    {
        // workload, backup type, how the expiry is given, days from now, the refusal (null: sent)
        { "SQL", "Full", "days", 44, "at least 45 days" },
        { "SQL", "Full", "days", 45, null },
        { "SQL", null, "date", 10, "at least 45 days" },
        { "SQL", "CopyOnlyFull", "days", 2, null },
        { "SQL", "Full", "date", 99 * 365 + 30, "99 years" },
        { "SQL", "CopyOnlyFull", "date", -1, "in the past" },
        { "VM", null, "days", 1, null },
        { "VM", null, "date", 100 * 366, "99 years" },
        { "FileShare", null, "days", 10 * 365 - 5, null },
        { "FileShare", null, "date", 11 * 365, "more than 10 years away" },
        { "FileShare", null, "days", 0, "at least one day" },
    };

    [Theory]
    [MemberData(nameof(RetentionCases))]
    public void Retention_limits_follow_the_workload_and_the_backup_type(string workload, string? type, string how, int days, string? refusal)
    {
        using var ps = PowerShellSession.Connected(workloads.Emulator);
        var script = "$item | Start-BackupItem" + (type == null ? "" : " -BackupType " + type)
            + (how == "days" ? $" -RetainDays {days}" : " -ExpiryDateTimeUtc $expiry");
        var before = workloads.Emulator.Log.Count;

        var run = ps.Run(StatementTerminating.Stops(script), ("item", workloads.Items[workload]), ("expiry", DateTime.UtcNow.AddDays(days)));
        if (refusal == null)
        {
            run.AssertNoErrors();
            Assert.Single(workloads.Emulator.Log.Entries.Skip(before), e => e.Path.EndsWith("/backup") && e.Status == 202);
        }
        else
        {
            var error = Assert.Single(run.AllErrors);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains(refusal, error.Exception.Message);
            Assert.Equal(before, workloads.Emulator.Log.Count);
        }
    }

    [Fact]
    public void Expiry_given_both_ways_is_refused()
    {
        using var ps = PowerShellSession.Connected(workloads.Emulator);
        var before = workloads.Emulator.Log.Count;
        var run = ps.Run(StatementTerminating.Stops("$item | Start-BackupItem -RetainDays 50 -ExpiryDateTimeUtc $expiry"), ("item", workloads.Items["SQL"]), ("expiry", DateTime.UtcNow.AddDays(50)));
        // Known from the parameters alone: the cmdlet stops before the first item.
        var error = run.AssertTerminated();
        Assert.Equal("InvalidArgument,BackupCmdlets.Cmdlets.StartBackupItemCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Use one of them", error.Exception.Message);
        Assert.Equal(before, workloads.Emulator.Log.Count);
    }
}
