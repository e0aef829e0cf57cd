using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>The module folder agrees with the assembly: what the manifest exports exists, and every output type has a table view.</summary>
public class PackagingTests
{
    static readonly Type[] CmdletTypes = ModuleMetadata.Cmdlets;

    static string CmdletName(Type t) => ModuleMetadata.Name(t);

    [Fact]
    public void The_manifest_exports_exactly_the_cmdlets_of_the_assembly()
    {
        var manifest = File.ReadAllText(Repo.File("module", "BackupCmdlets.psd1"));
        var block = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\((.*?)\)", RegexOptions.Singleline).Groups[1].Value;
        var exported = Regex.Matches(block, "'([^']+)'").Select(m => m.Groups[1].Value).OrderBy(n => n);
        Assert.Equal(CmdletTypes.Select(CmdletName).OrderBy(n => n), exported);
        Assert.Contains("RootModule           = 'BackupCmdlets.dll'", manifest);
        // The views are loaded by the first cmdlet, not by Import-Module (FormatViews.cs); the module ships them beside the manifest.
        Assert.DoesNotContain("FormatsToProcess     =", manifest);
        Assert.True(File.Exists(Repo.File("module", BackupCmdlets.Infrastructure.FormatViews.FileName)));
    }

    [Fact]
    public void Every_output_type_has_a_table_view_whose_columns_are_real_properties()
    {
        var format = XDocument.Load(Repo.File("module", "BackupCmdlets.format.ps1xml"));
        var views = format.Descendants("View").ToDictionary(v => v.Descendants("TypeName").Single().Value, v => v);
        var outputTypes = CmdletTypes.SelectMany(ModuleMetadata.OutputTypes).Distinct();
        foreach (var type in outputTypes)
        {
            Assert.True(views.ContainsKey(type.FullName!), $"no view for {type.FullName}");
            foreach (var property in views[type.FullName!].Descendants("PropertyName").Select(p => p.Value))
                Assert.True(type.GetProperty(property) != null, $"{type.Name} has no property {property}");
        }
        Assert.All(views.Keys, name => Assert.NotNull(typeof(BackupCmdletBase).Assembly.GetType(name) ?? typeof(BackupCmdlets.Client.BackupClient).Assembly.GetType(name)));
    }

    [Fact]
    public void Every_cmdlet_has_a_reference_page_with_an_example()
    {
        foreach (var name in CmdletTypes.Select(CmdletName))
        {
            var page = Repo.File("docs", "cmdlets", name + ".md");
            Assert.True(File.Exists(page), $"docs/cmdlets/{name}.md is missing");
            var text = File.ReadAllText(page);
            Assert.Contains("```powershell", text);
            Assert.Contains(name, text);
        }
    }
}
