using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// What a gallery and Get-Help read from the module: a description naming every workload, release notes,
/// project and licence links only when absolute, and help links only when Get-Help -Online can open them.
/// Read in a real runspace with Import-PowerShellDataFile and Get-Help.
/// </summary>
public class ManifestMetadataTests
{
    [Fact]
    public void The_manifest_describes_every_workload_and_has_release_notes()
    {
        using var ps = PowerShellSession.Start();
        var run = ps.Run("$m = Import-PowerShellDataFile -Path $path; $m.Description; [string]$m.PrivateData.PSData.ReleaseNotes; [string]$m.PrivateData.PSData.ProjectUri; [string]$m.PrivateData.PSData.LicenseUri",
            ("path", Repo.File("module", "BackupCmdlets.psd1"))).AssertNoErrors();
        var description = run.Output[0]!.ToString();
        foreach (var workload in new[] { "SQL Server", "VMs", "file shares" }) Assert.Contains(workload, description);
        Assert.Contains("0.1.0", run.Output[1]!.ToString());
        foreach (var uri in new[] { run.Output[2]!.ToString(), run.Output[3]!.ToString() })
            Assert.True(uri.Length == 0 || Uri.TryCreate(uri, UriKind.Absolute, out var u) && u.Scheme == "https", $"'{uri}' is neither absent nor an absolute https URL");
    }

    [Fact]
    public void Every_help_link_is_absolute_or_absent()
    {
        using var ps = PowerShellSession.Start();
        var run = ps.Run("""
            foreach ($c in Get-Command -Module BackupCmdlets) {
                if ($c.HelpUri) { "$($c.Name) HelpUri $($c.HelpUri)" }
                foreach ($l in (Get-Help $c.Name).relatedLinks.navigationLink) { if ($l.uri) { "$($c.Name) link $($l.uri)" } }
            }
            """).AssertNoErrors();
        Assert.All(run.Output.Select(o => o!.ToString()), line =>
            Assert.True(Uri.TryCreate(line.Split(' ').Last(), UriKind.Absolute, out var u) && u.Scheme == "https", line + " is not an absolute https URL"));
    }
}
