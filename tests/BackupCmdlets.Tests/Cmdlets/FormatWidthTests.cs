using System.Text.RegularExpressions;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// The default views at 80 columns, the width of CI logs and Automation job output: formatted by the engine in a real
/// session, no line is wider, nothing is cut (…), and the values a person looks for are there whole, on one line.
/// </summary>
public class FormatWidthTests
{
    [Fact]
    public async Task Every_view_fits_80_columns_with_its_key_values_whole()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        await using var emulator = await TestEmulator.StartAsync(settings);
        using var ps = Workflow.Prepared.RegisteredAndInquired(emulator);
        var run = ps.Run(FormatViewTests.EmitEveryType + """

            Get-BackupPolicy | ForEach-Object { [pscustomobject]@{ Type = 'policies'; Text = ($_ | Out-String -Width $width) } }
            [pscustomobject]@{ Type = 'backed up item'; Text = (Get-BackupProtectedItem -Name msdb | Out-String -Width $width) }
            [pscustomobject]@{ Type = 'container list'; Text = (Get-BackupContainer -FriendlyName sqlserver-0 | Format-List | Out-String -Width $width) }
            """, ("width", 80)).AssertNoErrors();
        var shown = run.Output.GroupBy(o => o.Properties["Type"].Value.ToString()!)
            .ToDictionary(g => g.Key, g => string.Join("\n", g.Select(o => o.Properties["Text"].Value.ToString()!)));
        string Of(string type) => shown.Single(s => s.Key.EndsWith("." + type) || s.Key == type).Value;

        foreach (var (type, text) in shown)
        {
            var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            Assert.True(lines.All(l => l.Length <= 80), $"{type} is wider than 80 columns:\n{text}");
            Assert.DoesNotContain("…", text);
            Assert.DoesNotContain("...", text);
        }

        // Each key value whole, on one line (a value wrapped over two lines would not match).
        void Shows(string type, params string[] values)
        {
            var text = Of(type);
            foreach (var v in values) Assert.True(text.Split('\n').Any(l => l.Contains(v)), $"{type} does not show '{v}' on one line:\n{text}");
        }
        Shows("BackupContext", "Environment", TestEmulator.Vault, TestEmulator.ResourceGroup, TestEmulator.Subscription);
        Shows("BackupVault", TestEmulator.Vault, TestEmulator.ResourceGroup);
        Shows("BackupOperation", "Refresh", "InProgress");
        Shows("ProtectableContainer", "VMAppContainer", "Healthy");
        Shows("ProtectionContainer", "sqlserver-0", "Registered", "Success", "Healthy");
        Shows("ProtectableItem", "msdb", "SQLDataBase", "sqlserver-0.shopkart.com", "MSSQLSERVER");
        Shows("BackupPolicy", "HourlyLogBackup", "SQL", "Daily 19:00, log every 1h", "30 days; log 30 days");
        Shows("policies", "DailyVMPolicy", "DailyFileSharePolicy", "VM", "FileShare", "Daily 02:00", "Daily 08:00");
        Shows("ProtectedItem", "msdb", "SQL", "HourlyLogBackup", "IRPending");
        Shows("BackupJob", "Backup", "Completed", "msdb", "Full");
        Shows("RecoveryPoint", "msdb", "Full");
        Shows("ProtectionIntent", "sqlserver-0", "mssqlserver", "Instance", "HourlyLogBackup");

        // Short formats: times to the minute without an offset, durations to the second, friendly names.
        var job = Of("BackupJob");
        Assert.Matches(new Regex(@"\d{4}-\d\d-\d\d \d\d:\d\d +\d\d:\d\d:\d\d\s*$", RegexOptions.Multiline), job);
        Assert.DoesNotMatch(new Regex(@"\d\d:\d\d:\d\d\.\d"), job);
        var backedUp = Of("backed up item");
        Assert.Matches(new Regex(@"^msdb .* \d{4}-\d\d-\d\d \d\d:\d\d +HourlyLogBackup\s*$", RegexOptions.Multiline), backedUp); // LastBackupTime whole
        Assert.DoesNotMatch(new Regex(@"[+-]\d\d:\d\d\b"), backedUp); // no "+00:00"
        Assert.DoesNotContain("SQLDataBase;", Of("RecoveryPoint"));
        Assert.DoesNotContain("Success:", Of("container list")); // a good inquiry is no error
        Assert.Contains("InquiryStatus", Of("container list"));
    }
}
