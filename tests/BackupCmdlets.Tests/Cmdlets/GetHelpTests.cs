using System.Management.Automation;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// What Get-Help shows in a real session agrees with what PowerShell binds: every parameter the command
/// takes is documented with its real type, position, mandatory flag and pipeline input, and nothing else is;
/// every parameter set has a syntax line; every cmdlet has examples. The help is the packaged MAML, built
/// from docs/cmdlets, so this also holds the docs to the real parameters.
/// </summary>
public class GetHelpTests
{
    // -Verbose, -ErrorAction, ... and -WhatIf/-Confirm: PowerShell's, documented by PowerShell.
    static readonly HashSet<string> Common = new(Cmdlet.CommonParameters.Concat(Cmdlet.OptionalCommonParameters), StringComparer.OrdinalIgnoreCase);

    public static TheoryData<string> Commands() => new(ModuleMetadata.Cmdlets.Select(ModuleMetadata.Name).Order());

    [Theory]
    [MemberData(nameof(Commands))]
    public void Get_Help_documents_exactly_the_parameters_PowerShell_binds(string command)
    {
        using var ps = PowerShellSession.Start();
        var run = ps.Run("""
            $cmd = Get-Command $name
            $help = Get-Help $name -Full
            [pscustomobject]@{ Command = $cmd; Help = $help }
            """, ("name", command)).AssertNoErrors();
        dynamic result = Assert.Single(run.Output);
        var info = (CmdletInfo)((PSObject)result.Command).BaseObject;
        var help = (PSObject)result.Help;

        // Help that was found, not PowerShell's generated stub (which has no synopsis of ours and no examples).
        var synopsis = help.Properties["Synopsis"]?.Value?.ToString()?.Trim() ?? "";
        Assert.False(synopsis.Length == 0 || synopsis.StartsWith(command, StringComparison.OrdinalIgnoreCase), $"{command}: no synopsis of ours ('{synopsis}')");
        var examples = Items(help, "examples", "example");
        Assert.True(examples.Count > 0, $"{command}: Get-Help shows no example");

        var documented = Items(help, "parameters", "parameter").ToDictionary(p => Text(p, "name"), StringComparer.OrdinalIgnoreCase);
        var bound = info.Parameters.Values.Where(p => !Common.Contains(p.Name)).ToList();
        var shouldProcess = info.Parameters.ContainsKey("WhatIf");

        Assert.Equal(bound.Select(p => p.Name).Concat(shouldProcess ? new[] { "WhatIf", "Confirm" } : Array.Empty<string>()).Order(StringComparer.OrdinalIgnoreCase),
            documented.Keys.Order(StringComparer.OrdinalIgnoreCase));

        foreach (var parameter in bound)
        {
            var doc = documented[parameter.Name];
            var where = $"{command} -{parameter.Name}";
            Assert.False(string.IsNullOrWhiteSpace(Description(doc)), $"{where}: no description");
            var sets = parameter.ParameterSets.Values;
            Assert.Equal(sets.Any(s => s.IsMandatory) ? "true" : "false", Text(doc, "required").Split(' ')[0].ToLowerInvariant());
            var byValue = sets.Any(s => s.ValueFromPipeline);
            var byName = sets.Any(s => s.ValueFromPipelineByPropertyName);
            var pipeline = Text(doc, "pipelineInput");
            Assert.True((byValue || byName) == pipeline.StartsWith("True", StringComparison.OrdinalIgnoreCase), $"{where}: pipeline input '{pipeline}', bound byValue={byValue} byName={byName}");
            if (byValue) Assert.Contains("ByValue", pipeline);
            if (byName) Assert.Contains("ByPropertyName", pipeline);
            var positions = sets.Select(s => s.Position).Where(p => p >= 0).Distinct().ToList();
            var position = Text(doc, "position");
            if (positions.Count == 1) Assert.Equal(positions[0].ToString(), position);
            else if (positions.Count == 0) Assert.True(position is "named" or "Named", $"{where}: position '{position}' but PowerShell binds it by name only");
            var type = Text((PSObject)doc.Properties["type"]!.Value, "name");
            Assert.True(TypeMatches(parameter.ParameterType, type), $"{where}: help says type '{type}', PowerShell binds {parameter.ParameterType}");
        }

        // One syntax line per parameter set PowerShell knows.
        Assert.Equal(info.ParameterSets.Count, Items(help, "syntax", "syntaxItem").Count);
    }

    static bool TypeMatches(Type type, string documented)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return documented.Equals(t.Name, StringComparison.OrdinalIgnoreCase)
            || documented.Equals(t.FullName, StringComparison.OrdinalIgnoreCase)
            || documented.Equals(type.FullName, StringComparison.OrdinalIgnoreCase)
            || (t.IsArray && documented.TrimEnd('[', ']').Equals(t.GetElementType()!.Name, StringComparison.OrdinalIgnoreCase));
    }

    static List<PSObject> Items(PSObject help, string container, string item)
    {
        var outer = help.Properties[container]?.Value as PSObject;
        var inner = outer?.Properties[item]?.Value;
        return inner switch
        {
            null => new List<PSObject>(),
            object[] many => many.Select(PSObject.AsPSObject).ToList(),
            _ => new List<PSObject> { PSObject.AsPSObject(inner) },
        };
    }

    static string Text(PSObject o, string property) => o.Properties[property]?.Value?.ToString()?.Trim() ?? "";

    static string Description(PSObject parameter) => parameter.Properties["description"]?.Value switch
    {
        object[] paragraphs => string.Join(" ", paragraphs.Select(p => Text(PSObject.AsPSObject(p), "Text"))),
        PSObject one => Text(one, "Text"),
        _ => "",
    };
}
