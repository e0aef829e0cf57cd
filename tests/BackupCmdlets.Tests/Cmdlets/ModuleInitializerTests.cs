using System.Management.Automation;
using System.Reflection;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// What the load isolation (docs/beside-az.md) rests on. That it works in both load orders beside an older
/// Azure.Core, and fails without it, is tested in real pwsh processes: tests/pester/BesideAz.Tests.ps1.
/// </summary>
public class ModuleInitializerTests
{
    [Fact]
    public void A_request_for_any_version_of_a_shipped_assembly_resolves_to_the_shipped_file()
    {
        var dir = Path.GetDirectoryName(typeof(BackupCmdlets.Client.BackupClient).Assembly.Location)!;
        var path = ModuleInitializer.ShippedPath(dir, new AssemblyName("Azure.Core, Version=99.0.0.0, Culture=neutral, PublicKeyToken=92742159e12e44c8"));
        Assert.Equal(Path.Combine(dir, "Azure.Core.dll"), path);
        Assert.Null(ModuleInitializer.ShippedPath(dir, new AssemblyName("Not.Shipped.Anywhere, Version=1.0.0.0")));
    }

    static readonly string[] PrivateFamilies = ["Azure.", "Microsoft.Identity.", "System.ClientModel"];

    static bool IsPrivate(string? name) => name != null && PrivateFamilies.Any(name.StartsWith);

    [Fact]
    public void The_cmdlet_assembly_references_no_Azure_or_MSAL_assembly()
    {
        // The default context must never be asked for Azure.Core by us: it may hold Az.Accounts' version.
        var references = ModuleMetadata.Module.GetReferencedAssemblies().Select(n => n.Name).ToArray();
        Assert.Contains("BackupCmdlets.Client", references);
        Assert.DoesNotContain(references, IsPrivate);
    }

    [Fact]
    public void No_parameter_or_output_type_of_a_cmdlet_shows_an_Azure_type()
    {
        // A type that crosses from the private context to a script must be the client's own, or the BCL's.
        static IEnumerable<Type> Shown(Type t) =>
            new[] { t }.Concat(t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.PropertyType))
                .SelectMany(x => x.IsGenericType ? x.GetGenericArguments().Prepend(x) : [x])
                .Select(x => x.IsArray ? x.GetElementType()! : x);
        var types = ModuleMetadata.Cmdlets
            .SelectMany(c => ModuleMetadata.OutputTypes(c)
                .Concat(c.GetProperties().Where(p => p.GetCustomAttributes<ParameterAttribute>().Any()).Select(p => p.PropertyType)))
            .SelectMany(Shown).Distinct().ToArray();
        Assert.Contains(types, t => t.Assembly == typeof(BackupCmdlets.Client.BackupClient).Assembly);
        Assert.DoesNotContain(types, t => IsPrivate(t.Assembly.GetName().Name));
    }
}
