using System.Text.RegularExpressions;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// Each docs/cmdlets page's SYNTAX section is what `Get-Command X -Syntax` prints in a real runspace,
/// one line per parameter set. Outside CI a stale section is rewritten (review and commit it), as
/// MamlHelpTests does for the help file; in CI it only fails.
/// </summary>
public class DocsSyntaxSectionTests
{
    public static TheoryData<string> Commands() => new(ModuleMetadata.Cmdlets.Select(ModuleMetadata.Name).Order());

    static readonly Regex Section = new(@"## SYNTAX\n.*?(?=\n## )", RegexOptions.Singleline);

    internal static string Expected(string syntax)
    {
        var lines = syntax.Replace("\r\n", "\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
        return "## SYNTAX\n\n```\n" + string.Join("\n\n", lines) + "\n```\n";
    }

    /// <summary>The page with its SYNTAX section set to <paramref name="section"/>, placed after the SYNOPSIS.</summary>
    internal static string WithSection(string page, string section)
    {
        if (Section.IsMatch(page)) return Section.Replace(page, section.TrimEnd('\n') + "\n", 1);
        var description = page.IndexOf("\n## DESCRIPTION", StringComparison.Ordinal);
        return page.Insert(description + 1, section + "\n");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void The_SYNTAX_section_is_the_real_syntax(string command)
    {
        using var ps = PowerShellSession.Start();
        var syntax = string.Concat(ps.Run("Get-Command $name -Syntax", ("name", command)).AssertNoErrors().Output.Select(o => o?.ToString()));
        var path = Path.Combine(Repo.Root, "docs", "cmdlets", command + ".md");
        var page = File.ReadAllText(path).Replace("\r\n", "\n");
        var expected = WithSection(page, Expected(syntax));
        if (page == expected) return;
        if (Environment.GetEnvironmentVariable("CI") == null) File.WriteAllText(path, expected);
        Assert.Fail($"docs/cmdlets/{command}.md: its SYNTAX section differs from Get-Command -Syntax" + (Environment.GetEnvironmentVariable("CI") == null ? "; it has been rewritten: review and commit it." : "."));
    }

    [Fact]
    public void A_page_whose_syntax_is_out_of_date_is_caught()
    {
        const string page = "# X\n\n## SYNOPSIS\nS.\n\n## SYNTAX\n\n```\nX [-Old] [<CommonParameters>]\n```\n\n## DESCRIPTION\nD.\n";
        var fixedPage = WithSection(page, Expected("\nX [-New] [<CommonParameters>]\n\n"));
        Assert.NotEqual(page, fixedPage);
        Assert.Contains("X [-New]", fixedPage);
        Assert.DoesNotContain("-Old", fixedPage);
        Assert.Equal(fixedPage, WithSection(fixedPage, Expected("X [-New] [<CommonParameters>]")));
    }
}
