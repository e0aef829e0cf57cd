using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace BackupCmdlets.Tests.Support;

/// <summary>
/// Builds the module's MAML help (what Get-Help reads) from two sources that must agree: the cmdlets'
/// declared metadata (syntax, types, pipeline input) and the docs/cmdlets pages (synopsis, description,
/// parameter text, examples). A parameter without documentation, or documentation without a parameter,
/// is an error, so the help cannot drift from the code.
/// </summary>
internal static class MamlHelp
{
    static readonly XNamespace Msh = "http://msh";
    static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public sealed record Page(string Synopsis, List<string> Description, Dictionary<string, List<string>> Parameters,
        List<(string Title, string Code, List<string> Remarks)> Examples, List<(string Type, List<string> Text)> Inputs,
        List<(string Type, List<string> Text)> Outputs, List<string> Notes)
    {
        /// <summary>"Default value: X" paragraphs of the parameter sections: the value Get-Help shows as the default.</summary>
        public Dictionary<string, string> Defaults { get; init; } = new();
    }

    const string DefaultValuePrefix = "Default value:";

    public static string Generate(IEnumerable<Type> cmdlets, Func<string, string> pageText)
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
            new XAttribute(XNamespace.Xmlns + "maml", Maml), new XAttribute(XNamespace.Xmlns + "command", Command), new XAttribute(XNamespace.Xmlns + "dev", Dev));
        foreach (var type in cmdlets.OrderBy(Name))
            root.Add(CommandElement(type, Parse(pageText(Name(type)))));
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- Generated from docs/cmdlets and the cmdlets' metadata by the test MamlHelpTests; do not edit. -->\n"
            + root.ToString().Replace("\r\n", "\n") + "\n";
    }

    public static string Name(Type t) => ModuleMetadata.Name(t);

    sealed record Param(string Name, Type Type, string Set, bool Mandatory, int? Position, bool ByValue, bool ByName, string[] Aliases, bool Wildcards);

    static List<Param> Parameters(Type cmdlet)
    {
        var list = new List<Param>();
        foreach (var p in cmdlet.GetProperties())
        {
            var aliases = p.GetCustomAttributes<AliasAttribute>().SelectMany(a => a.AliasNames).ToArray();
            var wildcards = p.GetCustomAttributesData().Any(a => a.AttributeType == typeof(SupportsWildcardsAttribute));
            foreach (var a in p.GetCustomAttributesData().Where(a => a.AttributeType == typeof(ParameterAttribute)))
            {
                object? Get(string n) => a.NamedArguments.FirstOrDefault(x => x.MemberName == n).TypedValue.Value;
                list.Add(new Param(p.Name, p.PropertyType, (string?)Get("ParameterSetName") ?? "__AllParameterSets", Get("Mandatory") is true,
                    Get("Position") is int pos && pos >= 0 ? pos : null, Get("ValueFromPipeline") is true, Get("ValueFromPipelineByPropertyName") is true, aliases, wildcards));
            }
        }
        if (SupportsShouldProcess(cmdlet))
        {
            list.Add(new Param("WhatIf", typeof(SwitchParameter), "__AllParameterSets", false, null, false, false, new[] { "wi" }, false));
            list.Add(new Param("Confirm", typeof(SwitchParameter), "__AllParameterSets", false, null, false, false, new[] { "cf" }, false));
        }
        return list;
    }

    static bool SupportsShouldProcess(Type cmdlet) =>
        cmdlet.GetCustomAttributesData().Single(x => x.AttributeType == typeof(CmdletAttribute)).NamedArguments.Any(n => n.MemberName == "SupportsShouldProcess" && n.TypedValue.Value is true);

    static string TypeName(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t.IsArray ? TypeName(t.GetElementType()!) + "[]" : t.Name;
    }

    static string PipelineText(Param p) => (p.ByValue, p.ByName) switch
    {
        (true, true) => "True (ByValue, ByPropertyName)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    static XElement Paras(XName name, IEnumerable<string> paragraphs) => new(name, paragraphs.Select(t => new XElement(Maml + "para", t)));

    static XElement ParameterElement(Param p, Page page) =>
        new(Command + "parameter",
            new XAttribute("required", p.Mandatory ? "true" : "false"),
            new XAttribute("variableLength", p.Type.IsArray ? "true" : "false"),
            new XAttribute("globbing", p.Wildcards ? "true" : "false"),
            new XAttribute("pipelineInput", PipelineText(p)),
            new XAttribute("position", p.Position?.ToString() ?? "named"),
            new XAttribute("aliases", p.Aliases.Length == 0 ? "none" : string.Join(", ", p.Aliases)),
            new XElement(Maml + "name", p.Name),
            Paras(Maml + "description", page.Parameters[p.Name]),
            new XElement(Command + "parameterValue", new XAttribute("required", p.Type == typeof(SwitchParameter) ? "false" : "true"), new XAttribute("variableLength", p.Type.IsArray ? "true" : "false"), TypeName(p.Type)),
            new XElement(Dev + "type", new XElement(Maml + "name", TypeName(p.Type))),
            page.Defaults.TryGetValue(p.Name, out var defaultValue) ? new XElement(Dev + "defaultValue", defaultValue) : null);

    static XElement CommandElement(Type type, Page page)
    {
        var name = Name(type);
        var parameters = Parameters(type);
        var documented = page.Parameters.Keys.ToHashSet();
        var declared = parameters.Select(p => p.Name).ToHashSet();
        if (!documented.SetEquals(declared))
            throw new InvalidOperationException($"docs/cmdlets/{name}.md: undocumented [{string.Join(", ", declared.Except(documented))}], not parameters [{string.Join(", ", documented.Except(declared))}]");
        if (page.Examples.Count == 0) throw new InvalidOperationException($"docs/cmdlets/{name}.md has no example.");

        // PowerShell makes a set of the default set's name even when no parameter names it (Connect-BackupVault's Default).
        var defaultSet = type.GetCustomAttribute<CmdletAttribute>()!.DefaultParameterSetName;
        var sets = parameters.Select(p => p.Set).Append(defaultSet).Where(s => s != null && s != "__AllParameterSets").Distinct().OrderBy(s => s).ToList();
        if (sets.Count == 0) sets.Add("__AllParameterSets");
        var syntax = new XElement(Command + "syntax", sets.Select(set =>
            new XElement(Command + "syntaxItem", new XElement(Maml + "name", name),
                parameters.Where(p => p.Set == set || p.Set == "__AllParameterSets")
                    .OrderBy(p => p.Position ?? int.MaxValue).ThenBy(p => p.Mandatory ? 0 : 1)
                    .Select(p => ParameterElement(p, page)))));

        return new XElement(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", name),
                new XElement(Command + "verb", name.Split('-')[0]),
                new XElement(Command + "noun", name.Split('-')[1]),
                Paras(Maml + "description", new[] { page.Synopsis })),
            Paras(Maml + "description", page.Description),
            syntax,
            new XElement(Command + "parameters", parameters.GroupBy(p => p.Name).Select(g => ParameterElement(g.First() with { Mandatory = g.Any(p => p.Mandatory) }, page))),
            new XElement(Command + "inputTypes", page.Inputs.Select(i => new XElement(Command + "inputType", new XElement(Dev + "type", new XElement(Maml + "name", i.Type)), Paras(Maml + "description", i.Text)))),
            new XElement(Command + "returnValues", page.Outputs.Select(o => new XElement(Command + "returnValue", new XElement(Dev + "type", new XElement(Maml + "name", o.Type)), Paras(Maml + "description", o.Text)))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", page.Notes.Select(n => new XElement(Maml + "para", n)))),
            new XElement(Command + "examples", page.Examples.Select(e => new XElement(Command + "example",
                new XElement(Maml + "title", $"-------------------------- {e.Title} --------------------------"),
                new XElement(Dev + "code", e.Code),
                Paras(Dev + "remarks", e.Remarks)))),
            // No online link: Get-Help -Online needs an absolute URL and the docs have no public home yet.
            new XElement(Command + "relatedLinks"));
    }

    /// <summary>Reads a page written in the docs' fixed structure (## SYNOPSIS, ## DESCRIPTION, ## EXAMPLES, ...).</summary>
    public static Page Parse(string markdown)
    {
        var sections = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var line in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.StartsWith("## ")) sections[line[3..].Trim()] = current = new List<string>();
            else current?.Add(line);
        }
        List<string> Section(string s) => sections.TryGetValue(s, out var l) ? l : new List<string>();

        var parameters = Subsections(Section("PARAMETERS")).ToDictionary(s => s.Title.TrimStart('-'), s => Paragraphs(s.Body));
        var defaults = new Dictionary<string, string>();
        foreach (var (name, paragraphs) in parameters)
        {
            var line = paragraphs.FirstOrDefault(t => t.StartsWith(DefaultValuePrefix, StringComparison.Ordinal));
            if (line == null) continue;
            defaults[name] = line[DefaultValuePrefix.Length..].Trim().TrimEnd('.');
            paragraphs.Remove(line); // Get-Help shows it in its own "Default value" line
        }
        return new Page(
            string.Join(" ", Paragraphs(Section("SYNOPSIS"))),
            Paragraphs(Section("DESCRIPTION")),
            parameters,
            Subsections(Section("EXAMPLES")).Select(s => Example(s.Title, s.Body)).ToList(),
            Subsections(Section("INPUTS")).Select(s => (s.Title, Paragraphs(s.Body))).ToList(),
            Subsections(Section("OUTPUTS")).Select(s => (s.Title, Paragraphs(s.Body))).ToList(),
            Paragraphs(Section("NOTES"))) { Defaults = defaults };
    }

    static IEnumerable<(string Title, List<string> Body)> Subsections(List<string> lines)
    {
        (string Title, List<string> Body)? current = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("### "))
            {
                if (current != null) yield return current.Value;
                current = (line[4..].Trim(), new List<string>());
            }
            else current?.Body.Add(line);
        }
        if (current != null) yield return current.Value;
    }

    static (string, string, List<string>) Example(string title, List<string> body)
    {
        var start = body.FindIndex(l => l.StartsWith("```"));
        var end = body.FindIndex(start + 1, l => l.StartsWith("```"));
        if (start < 0 || end < 0) throw new InvalidOperationException($"Example '{title}' has no code block.");
        return (title, string.Join("\n", body.Skip(start + 1).Take(end - start - 1)), Paragraphs(body.Skip(end + 1).ToList()));
    }

    /// <summary>Paragraphs of plain text: lines joined, code fences kept as they are, Markdown backticks removed.</summary>
    static List<string> Paragraphs(List<string> lines)
    {
        var result = new List<string>();
        var buffer = new List<string>();
        var inCode = false;
        void Flush()
        {
            if (buffer.Count > 0) result.Add(inCode ? string.Join("\n", buffer) : Regex.Replace(string.Join(" ", buffer.Select(l => l.Trim())), "`([^`]*)`", "$1"));
            buffer.Clear();
        }
        foreach (var line in lines)
        {
            if (line.StartsWith("```")) { Flush(); inCode = !inCode; continue; }
            if (!inCode && line.Trim().Length == 0) { Flush(); continue; }
            buffer.Add(line);
        }
        Flush();
        return result;
    }
}
