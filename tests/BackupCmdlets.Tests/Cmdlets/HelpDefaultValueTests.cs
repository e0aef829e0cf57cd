using System.Management.Automation;
using BackupCmdlets.Client;
using BackupCmdlets.Cmdlets;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// "Default value: X" in a docs/cmdlets parameter section is what Get-Help shows as the default, and it
/// must be the real one: the cmdlet property's initial value, or, for settings the connection holds, the
/// client's option. A documented default that cannot be checked here fails, so none can drift.
/// </summary>
public class HelpDefaultValueTests
{
    /// <summary>Defaults that live in the client's options, not in the cmdlet's property.</summary>
    static readonly Dictionary<(string Command, string Parameter), Func<string>> FromClientOptions = new()
    {
        [("Wait-BackupJob", "PollInterval")] = () => new BackupClientOptions().JobPollInterval.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [("Connect-BackupVault", "ApiVersion")] = () => new BackupClientOptions().ApiVersion,
        [("Connect-BackupVault", "MaxRetries")] = () => new BackupClientOptions().Retry.MaxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [("Connect-BackupVault", "RetryTimeout")] = () => new BackupClientOptions().RetryTimeout!.Value.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    static IEnumerable<(Type Type, string Command, string Parameter, string Value)> Documented() =>
        from type in ModuleMetadata.Cmdlets
        let command = ModuleMetadata.Name(type)
        let page = MamlHelp.Parse(File.ReadAllText(Path.Combine(Repo.Root, "docs", "cmdlets", command + ".md")))
        from d in page.Defaults
        select (type, command, d.Key, d.Value);

    [Fact]
    public void Every_documented_default_is_the_real_default()
    {
        var documented = Documented().ToList();
        Assert.Contains(documented, d => d.Command == "Wait-BackupJob" && d.Parameter == "Timeout");
        foreach (var (type, command, parameter, value) in documented)
        {
            string real;
            if (FromClientOptions.TryGetValue((command, parameter), out var option)) real = option();
            else
            {
                var initial = type.GetProperty(parameter)!.GetValue(Activator.CreateInstance(type));
                var property = type.GetProperty(parameter)!.PropertyType;
                var unset = property.IsValueType ? Activator.CreateInstance(property) : null;
                Assert.False(Equals(initial, unset), $"{command} -{parameter} documents 'Default value: {value}', but the property has no initial value and no known source");
                real = Convert.ToString(initial, System.Globalization.CultureInfo.InvariantCulture)!;
            }
            Assert.True(real == value, $"{command} -{parameter}: the docs say the default is {value}, the code's is {real}");
        }
    }

    [Fact]
    public void Parameters_with_an_initial_value_document_it()
    {
        var documented = Documented().Select(d => (d.Command, d.Parameter)).ToHashSet();
        var missing = new List<string>();
        foreach (var type in ModuleMetadata.Cmdlets)
        {
            var instance = Activator.CreateInstance(type);
            foreach (var p in type.GetProperties().Where(p => p.GetCustomAttributes(typeof(ParameterAttribute), true).Length > 0 && p.PropertyType != typeof(SwitchParameter)))
            {
                var unset = p.PropertyType.IsValueType ? Activator.CreateInstance(p.PropertyType) : null;
                if (!Equals(p.GetValue(instance), unset) && !documented.Contains((ModuleMetadata.Name(type), p.Name)))
                    missing.Add($"{ModuleMetadata.Name(type)} -{p.Name} (defaults to {p.GetValue(instance)})");
            }
        }
        Assert.True(missing.Count == 0, "no 'Default value:' line in the docs page for: " + string.Join("; ", missing));
    }

    [Fact]
    public void Get_Help_shows_the_default_timeout_of_Wait_BackupJob()
    {
        using var ps = PowerShellSession.Start();
        var run = ps.Run("(Get-Help Wait-BackupJob -Parameter Timeout).defaultValue; (Get-Help Wait-BackupJob -Parameter Job).defaultValue").AssertNoErrors();
        Assert.Equal(WaitBackupJobCommand.DefaultTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Output[0]?.ToString());
        Assert.Equal(2, run.Output.Count); // a parameter without a default shows PowerShell's own "None"
        Assert.DoesNotContain("86400", run.Output[1]?.ToString() ?? "");
    }
}
