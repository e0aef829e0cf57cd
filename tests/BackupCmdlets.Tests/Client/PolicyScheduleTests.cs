using System.Text.Json;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.ClientTests;

/// <summary>
/// A policy's schedule and retention read from the spec's examples (SQL subProtectionPolicy, VM V1 and V2, file share
/// hourly) and from the emulator's seed policies as Get-BackupPolicy prints them: enough to choose a policy by.
/// </summary>
public class PolicyScheduleTests
{
    static BackupPolicy Policy(string example) => new(Shapes.Example(example, "200").GetProperty("body"));

    [Fact]
    public void A_SQL_policy_shows_full_differential_and_log_schedules_with_every_retention_tier()
    {
        var p = Policy("AzureWorkload/ProtectionPolicies_CreateOrUpdate_Complex.json");
        Assert.Equal(["Full", "Differential", "Log"], p.Rules.Select(r => r.BackupType));
        var full = p.Rules[0];
        Assert.Equal("Weekly", full.Frequency);
        Assert.Equal(["Sunday", "Tuesday"], full.RunDays);
        Assert.Equal([new TimeSpan(10, 0, 0)], full.RunTimes);
        Assert.Equal(("2 weeks", "1 month", "1 year"), (full.Weekly, full.Monthly, full.Yearly));
        Assert.Null(full.Daily);
        Assert.Equal(TimeSpan.FromMinutes(60), p.LogBackupFrequency);
        Assert.Equal("7 days", p.LogRetention);
        Assert.Equal("Pacific Standard Time", p.TimeZone);
        Assert.Equal("Weekly Sun,Tue 10:00, differential Weekly Fri 10:00, log every 1h", p.Schedule);
        Assert.Equal("2 weeks, 1 month, 1 year; differential 8 days; log 7 days", p.Retention);
        Assert.Equal("Full weekly Sun,Tue 10:00, kept 2 weeks, 1 month, 1 year; Differential weekly Fri 10:00, kept 8 days; Log every 1h, kept 7 days (Pacific Standard Time)", p.Summary);
    }

    [Fact]
    public void VM_and_file_share_policies_show_their_one_schedule_and_retention()
    {
        var vm = Policy("AzureIaasVm/ProtectionPolicies_CreateOrUpdate_Complex.json");
        Assert.Equal("VM", vm.Workload);
        Assert.Equal("Full", Assert.Single(vm.Rules).BackupType);
        Assert.Equal("Weekly Mon,Wed,Thu 10:00", vm.Schedule);
        Assert.Equal("1 week, 2 months, 4 years", vm.Retention);
        Assert.Null(vm.LogBackupFrequency);
        Assert.Equal("Pacific Standard Time", vm.TimeZone);

        var v2 = Policy("AzureIaasVm/V2Policy/v2-Get-Policy.json"); // SimpleSchedulePolicyV2 keeps its times under dailySchedule
        Assert.Equal("Daily 10:00", v2.Schedule);
        Assert.Equal("1 day", v2.Retention);

        var hourly = Policy("AzureStorage/ProtectionPolicies_CreateOrUpdate_Hourly.json");
        Assert.Equal("FileShare", hourly.Workload);
        Assert.Equal("Every 4h 08:00-20:00", hourly.Schedule);
        Assert.Equal("5 days, 12 weeks, 60 months, 10 years", hourly.Retention);
        var rule = Assert.Single(hourly.Rules);
        Assert.Equal((TimeSpan.FromHours(4), new TimeSpan(8, 0, 0), TimeSpan.FromHours(12)), (rule.Interval!.Value, rule.WindowStart!.Value, rule.WindowDuration!.Value));
    }

    [Fact]
    public void A_policy_without_a_schedule_has_no_rules_and_no_summary()
    {
        using var doc = JsonDocument.Parse("""{"name":"p","properties":{"backupManagementType":"AzureWorkload"}}""");
        var p = new BackupPolicy(doc.RootElement);
        Assert.Empty(p.Rules);
        Assert.Null(p.Summary);
        Assert.Equal("", p.Schedule);
    }

    [Fact]
    public async Task Get_BackupPolicy_shows_the_seed_policies_schedules_and_retention()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Connected(emulator);
        var run = ps.Run("$p = Get-BackupPolicy; $p; $p | Out-String -Width 80").AssertNoErrors();
        var policies = run.OutputOf<BackupPolicy>().ToDictionary(p => p.Name);
        var text = run.OutputOf<string>().Single();

        var sql = policies["HourlyLogBackup"];
        Assert.Equal(("Daily 19:00, log every 1h", "30 days; log 30 days"), (sql.Schedule, sql.Retention));
        Assert.Equal((TimeSpan.FromHours(1), "30 days"), (sql.LogBackupFrequency!.Value, sql.LogRetention));
        Assert.Equal("Full daily 19:00, kept 30 days; Log every 1h, kept 30 days (UTC)", sql.Summary);
        Assert.Equal(("Daily 02:00", "30 days", "VM"), (policies["DailyVMPolicy"].Schedule, policies["DailyVMPolicy"].Retention, policies["DailyVMPolicy"].Workload));
        Assert.Equal(("Daily 08:00", "30 days", "FileShare"), (policies["DailyFileSharePolicy"].Schedule, policies["DailyFileSharePolicy"].Retention, policies["DailyFileSharePolicy"].Workload));
        // What a user reads to choose: each policy on one line with its schedule and retention.
        Assert.Contains(text.Split('\n'), l => l.StartsWith("HourlyLogBackup ") && l.Contains("Daily 19:00, log every 1h") && l.Contains("30 days; log 30 days"));
        Assert.Contains(text.Split('\n'), l => l.StartsWith("DailyVMPolicy ") && l.Contains(" VM ") && l.Contains("Daily 02:00") && l.TrimEnd().EndsWith("30 days"));
    }
}
