using System.Management.Automation;
using System.Reflection;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Tests.Support;

/// <summary>The module's cmdlet classes and their declared attributes (the runspace tests ask PowerShell itself).</summary>
internal static class ModuleMetadata
{
    public static readonly Assembly Module = typeof(BackupCmdletBase).Assembly;

    public static readonly Type[] Cmdlets = Module.GetTypes().Where(t => t.GetCustomAttribute<CmdletAttribute>() != null).ToArray();

    /// <summary>Verb-Noun.</summary>
    public static string Name(Type t)
    {
        var a = t.GetCustomAttribute<CmdletAttribute>()!;
        return $"{a.VerbName}-{a.NounName}";
    }

    public static IEnumerable<Type> OutputTypes(Type t) =>
        t.GetCustomAttributes<OutputTypeAttribute>().SelectMany(a => a.Type).Select(n => n.Type).OfType<Type>();
}
