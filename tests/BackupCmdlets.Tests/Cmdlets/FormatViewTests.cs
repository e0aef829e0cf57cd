using System.Xml.Linq;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// The default views PowerShell applies to what the cmdlets emit: each object, formatted by the engine in a
/// real session, shows the columns of its view in order (not PowerShell's list of every property), and the
/// properties behind them stay on the object.
/// </summary>
public class FormatViewTests
{
    /// <summary>The labels of each type's view (its column headers, or a list view's labels) in module/BackupCmdlets.format.ps1xml.</summary>
    static Dictionary<string, string[]> Views()
    {
        var format = XDocument.Load(Repo.File("module", "BackupCmdlets.format.ps1xml"));
        return format.Descendants("View").ToDictionary(
            v => v.Descendants("TypeName").Single().Value,
            v => v.Descendants("TableColumnHeader").Zip(v.Descendants("TableColumnItem"),
                (h, i) => h.Element("Label")?.Value ?? i.Element("PropertyName")!.Value)
                // A list view (the one-object context): its labels, one a line.
                .Concat(v.Descendants("ListItem").Select(i => i.Element("Label")?.Value ?? i.Element("PropertyName")!.Value)).ToArray());
    }

    /// <summary>One object of each type the workflow emits, each formatted by the engine at $width columns: Type and Text.</summary>
    internal const string EmitEveryType = """
            $objects = [System.Collections.Generic.List[object]]::new()
            $objects.Add((Get-BackupContext))
            $objects.Add((Get-BackupContext).Vault)
            $objects.Add((Invoke-BackupContainerRefresh))
            $objects.Add((Get-BackupProtectableContainer | Select-Object -First 1))
            $objects.Add((Get-BackupContainer -FriendlyName sqlserver-0))
            $objects.Add((Get-BackupProtectableItem -Name msdb))
            $objects.Add(($policy = Get-BackupPolicy -Name HourlyLogBackup))
            $objects.Add(($item = Get-BackupProtectableItem -Name msdb | Enable-BackupProtection -Policy $policy -Wait))
            $objects.Add(($job = $item | Start-BackupItem -Wait | Wait-BackupJob -PollInterval 0.2))
            $objects.Add(($job | Get-BackupRecoveryPoint))
            $objects.Add((Get-BackupProtectableItem -ProtectableItemType SQLInstance -ServerName sqlserver-0 | Enable-BackupAutoProtection -Policy $policy))
            foreach ($o in $objects) {
                [pscustomobject]@{ Type = $o.GetType().FullName; Text = ($o | Out-String -Width $width) }
            }
            """;

    [Fact]
    public async Task Every_object_the_workflow_emits_is_shown_with_its_table_view()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        await using var emulator = await TestEmulator.StartAsync(settings);
        using var ps = Workflow.Prepared.RegisteredAndInquired(emulator);
        var run = ps.Run(EmitEveryType, ("width", 250)).AssertNoErrors();

        var views = Views();
        var shown = run.Output.ToDictionary(o => o.Properties["Type"].Value.ToString()!, o => o.Properties["Text"].Value.ToString()!);
        Assert.Equal(views.Keys.Order(), shown.Keys.Order()); // every view is exercised, and every type emitted has one
        foreach (var (type, columns) in views)
        {
            var lines = shown[type].Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
            var header = lines[0];
            var words = header.Contains(" : ") // a list: each line's label
                ? lines.Take(columns.Length).Select(l => l.Split(':')[0].Trim()).ToArray()
                : header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(columns.SequenceEqual(words), $"{type}: expected the columns {string.Join(" ", columns)}, PowerShell showed '{header}'");
        }
    }
}
