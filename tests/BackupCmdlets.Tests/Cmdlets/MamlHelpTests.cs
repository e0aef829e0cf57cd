using System.Management.Automation;
using System.Xml.Linq;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>The committed MAML help is exactly what the docs and the metadata generate.</summary>
public class MamlHelpTests
{
    static readonly Type[] Cmdlets = ModuleMetadata.Cmdlets;

    [Fact]
    public void The_committed_help_file_matches_the_docs_and_the_cmdlets()
    {
        var root = Repo.Root;
        var generated = MamlHelp.Generate(Cmdlets, name => File.ReadAllText(Path.Combine(root, "docs", "cmdlets", name + ".md")));
        var path = Path.Combine(root, "module", "en-US", "BackupCmdlets.dll-Help.xml");
        var committed = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : "";
        if (committed != generated)
        {
            if (Environment.GetEnvironmentVariable("CI") == null) File.WriteAllText(path, generated);
            Assert.Fail("module/en-US/BackupCmdlets.dll-Help.xml was stale" + (Environment.GetEnvironmentVariable("CI") == null ? "; it has been regenerated: review and commit it." : "."));
        }
    }

    [Fact]
    public void Help_has_a_synopsis_syntax_parameters_and_examples_for_every_cmdlet()
    {
        var help = XDocument.Load(Path.Combine(Repo.Root, "module", "en-US", "BackupCmdlets.dll-Help.xml"));
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
        var commands = help.Root!.Elements(command + "command").ToList();
        Assert.Equal(Cmdlets.Length, commands.Count);
        foreach (var c in commands)
        {
            var name = c.Element(command + "details")!.Element(command + "name")!.Value;
            Assert.False(string.IsNullOrWhiteSpace(c.Element(command + "details")!.Element(maml + "description")!.Value), name);
            Assert.NotEmpty(c.Element(command + "syntax")!.Elements(command + "syntaxItem"));
            Assert.NotEmpty(c.Element(command + "examples")!.Elements(command + "example"));
            Assert.All(c.Element(command + "parameters")!.Elements(command + "parameter"), p => Assert.False(string.IsNullOrWhiteSpace(p.Element(maml + "description")!.Value), $"{name} -{p.Element(maml + "name")!.Value}"));
        }
    }

    [Fact]
    public void A_page_missing_a_parameter_is_refused()
    {
        var type = typeof(BackupCmdlets.Cmdlets.GetBackupPolicyCommand);
        var page = File.ReadAllText(Path.Combine(Repo.Root, "docs", "cmdlets", "Get-BackupPolicy.md")).Replace("### -BackupManagementType", "### -Something");
        var e = Assert.Throws<InvalidOperationException>(() => MamlHelp.Generate(new[] { type }, _ => page));
        Assert.Contains("BackupManagementType", e.Message);
    }
}
