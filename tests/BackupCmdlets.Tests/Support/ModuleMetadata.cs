using System.Collections;
using System.Management.Automation;
using System.Reflection;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Tests.Support;

/// <summary>The module's cmdlets as PowerShell will see them, read with CustomAttributeData (the stand-in attributes read empty).</summary>
internal static class ModuleMetadata
{
    public static readonly Assembly Module = typeof(BackupCmdletBase).Assembly;

    public static readonly Type[] Cmdlets = Module.GetTypes().Where(t => CmdletData(t) != null).ToArray();

    public static CustomAttributeData? CmdletData(Type t) => t.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(CmdletAttribute));

    /// <summary>Verb-Noun.</summary>
    public static string Name(Type t)
    {
        var a = CmdletData(t)!;
        return $"{a.ConstructorArguments[0].Value}-{a.ConstructorArguments[1].Value}";
    }

    public static IEnumerable<Type> OutputTypes(Type t) =>
        t.GetCustomAttributesData().Where(a => a.AttributeType == typeof(OutputTypeAttribute))
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable list and not string ? list.Cast<CustomAttributeTypedArgument>().Select(x => x.Value) : new[] { arg.Value })
            .OfType<Type>();
}
