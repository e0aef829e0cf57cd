using System.Text.RegularExpressions;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.Workflow;

/// <summary>
/// The README's Quickstart, "An Azure VM" and "An Azure file share" code blocks, read from README.md at
/// test time and run as written, in order, in one real runspace against the emulator. Two things are
/// substituted, and only these: the Connect-BackupVault line's values (the emulator's environment, URL,
/// subscription, group and vault) and the Import-Module line's path (see <see cref="Runnable"/>).
/// </summary>
public class ReadmeExamplesTests
{
    static readonly string[] Headings = { "## Quickstart", "### An Azure VM", "### An Azure file share" };

    /// <summary>The first ```powershell block after the heading line <paramref name="heading"/>.</summary>
    internal static string Block(string readme, string heading)
    {
        var lines = readme.Replace("\r\n", "\n").Split('\n');
        var at = Array.FindIndex(lines, l => l.TrimEnd() == heading);
        Assert.True(at >= 0, $"README.md has no heading '{heading}'");
        var open = Array.FindIndex(lines, at + 1, l => l.Trim() == "```powershell");
        Assert.True(open > at, $"no powershell block under '{heading}'");
        var nextHeading = Array.FindIndex(lines, at + 1, l => l.StartsWith('#'));
        Assert.True(nextHeading < 0 || open < nextHeading, $"the first powershell block after '{heading}' is under another heading");
        var close = Array.FindIndex(lines, open + 1, l => l.Trim() == "```");
        Assert.True(close > open, $"the block under '{heading}' is not closed");
        return string.Join("\n", lines[(open + 1)..close]);
    }

    /// <summary>
    /// The block with the emulator's values on the Connect-BackupVault line (-Environment Emulator
    /// -ResourceManagerUrl added; -SubscriptionId, -ResourceGroupName and -Name given the emulator's vault)
    /// and, on the Import-Module line, the manifest the runspace has already imported: the README's path
    /// (./out/BackupCmdlets/BackupCmdlets.psd1, relative to the repository root) exists only after
    /// `./build.ps1 -Task Package`, which the tests do not run. Every other line is run as written.
    /// </summary>
    internal static string Runnable(string block, Uri url)
    {
        var lines = block.Split('\n').Select(line =>
        {
            if (line.StartsWith("Connect-BackupVault "))
            {
                var values = new Dictionary<string, string>
                {
                    ["SubscriptionId"] = TestEmulator.Subscription,
                    ["ResourceGroupName"] = TestEmulator.ResourceGroup,
                    ["Name"] = TestEmulator.Vault,
                };
                var replaced = 0;
                var connect = Regex.Replace(line, @"-(SubscriptionId|ResourceGroupName|Name)\s+(\S+)", m => { replaced++; return $"-{m.Groups[1].Value} {values[m.Groups[1].Value]}"; });
                Assert.Equal(3, replaced);
                return connect.Replace("Connect-BackupVault ", $"Connect-BackupVault -Environment Emulator -ResourceManagerUrl {url} ");
            }
            var import = Regex.Match(line, @"^Import-Module\s+(\S+)");
            if (import.Success)
            {
                Assert.EndsWith("BackupCmdlets.psd1", import.Groups[1].Value);
                return line.Replace(import.Groups[1].Value, "'" + PowerShellSession.ManifestPath + "'");
            }
            return line;
        });
        return string.Join("\n", lines);
    }

    [Fact]
    public async Task The_READMEs_Quickstart_VM_and_file_share_examples_run_as_written()
    {
        var readme = await File.ReadAllTextAsync(Repo.File("README.md"));
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        settings.RetryAfterSeconds = 0;
        settings.JobDuration = TimeSpan.Zero; // Wait-BackupJob as written polls every 15 s: the job has ended by the time it is read
        await using var emulator = await TestEmulator.StartAsync(settings);
        using var ps = PowerShellSession.Start(); // not connected: the Quickstart connects

        var blocks = Headings.Select(h => (Heading: h, Script: Runnable(Block(readme, h), emulator.BaseUri))).ToList();
        Assert.Single(blocks, b => b.Script.Contains("Connect-BackupVault -Environment Emulator"));
        var outputs = new Dictionary<string, PsRun>();
        foreach (var (heading, script) in blocks)
        {
            var run = ps.Run(script);
            Assert.True(!run.AllErrors.Any(), $"{heading}:\n{script}\nerrors:\n" + string.Join("\n", run.AllErrors.Select(e => $"{e.FullyQualifiedErrorId} ({e.CategoryInfo.Category}): {e.Exception.Message}")));
            outputs[heading] = run;
        }

        // What each block prints last: the Quickstart its jobs, the VM and file-share examples their recovery points.
        var quickstartJobs = outputs["## Quickstart"].OutputOf<BackupJob>().ToList();
        Assert.NotEmpty(quickstartJobs);
        Assert.All(quickstartJobs, j => Assert.Equal(("Completed", "Backup", "Full"), (j.Status, j.Operation, j.BackupType)));
        Assert.Equal("IaasVMRecoveryPoint", Assert.Single(outputs["### An Azure VM"].OutputOf<RecoveryPoint>()).ObjectType);
        Assert.Equal("AzureFileShareRecoveryPoint", Assert.Single(outputs["### An Azure file share"].OutputOf<RecoveryPoint>()).ObjectType);

        // The end state, read back through the module in the same runspace: one completed backup job per
        // protected item, and a recovery point for each.
        var jobs = ps.Run("Get-BackupJob -Operation Backup").AssertNoErrors().OutputOf<BackupJob>().ToList();
        // Get-BackupProtectedItem lists one management type at a time (databases by default).
        var items = ps.Run("'AzureWorkload', 'AzureIaasVM', 'AzureStorage' | ForEach-Object { Get-BackupProtectedItem -BackupManagementType $_ }").AssertNoErrors().OutputOf<ProtectedItem>().ToList();
        Assert.Equal(quickstartJobs.Count + 2, items.Count);
        Assert.Contains(items, i => i.FriendlyName == "ad-primary-dc" && i.BackupManagementType == "AzureIaasVM");
        Assert.Contains(items, i => i.FriendlyName == "invoices" && i.BackupManagementType == "AzureStorage");
        Assert.Equal(items.Count, jobs.Count);
        Assert.All(jobs, j => Assert.Equal("Completed", j.Status));
        Assert.Equal(items.Select(i => i.FriendlyName).Order(), jobs.Select(j => j.EntityFriendlyName).Order());
        foreach (var item in items)
        {
            var points = ps.Run("$item | Get-BackupRecoveryPoint", ("item", item)).AssertNoErrors().OutputOf<RecoveryPoint>().ToList();
            Assert.True(points.Count == 1, $"{item.FriendlyName}: {points.Count} recovery points");
        }
    }
}
