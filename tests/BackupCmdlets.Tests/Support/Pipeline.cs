#if STAND_IN_ENGINE // not yet ported to real runspaces (issue 8)
using System.Collections;
using System.Management.Automation;
using System.Reflection;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Tests.Support;

/// <summary>
/// Runs cmdlets as a PowerShell pipeline would: Begin, one Process per input, End. Inputs are bound
/// the way PowerShell binds them, from the parameters' declared metadata (read with
/// CustomAttributeData, since the stand-in assembly's attributes read empty): by type to a
/// ValueFromPipeline parameter, else by property name to a ValueFromPipelineByPropertyName one.
/// A cmdlet that declares no binding for an input fails the test, as PowerShell would fail the pipeline.
/// </summary>
internal static class Pipeline
{
    public static RecordingHost Run(BackupCmdletBase cmdlet, IEnumerable<object>? input = null, bool confirm = true, bool stopOnError = false)
    {
        var host = new RecordingHost { Confirm = confirm, StopOnError = stopOnError };
        cmdlet.Sink = host;
        cmdlet.RunBegin();
        if (input == null) cmdlet.RunProcess();
        else
            foreach (var item in input)
            {
                Bind(cmdlet, item);
                cmdlet.RunProcess();
            }
        cmdlet.RunEnd();
        return host;
    }

    /// <summary>Runs <paramref name="cmdlet"/> with the output of a previous stage as its input.</summary>
    public static RecordingHost Then(this RecordingHost previous, BackupCmdletBase cmdlet, bool confirm = true)
    {
        Assert.Empty(previous.Errors);
        return Run(cmdlet, previous.Output, confirm);
    }

    public static RecordingHost AssertNoErrors(this RecordingHost host)
    {
        Assert.True(host.Errors.Count == 0, string.Join("\n", host.Errors.Select(e => e.Exception.Message)));
        return host;
    }

    static void Bind(BackupCmdletBase cmdlet, object item)
    {
        var parameters = cmdlet.GetType().GetProperties().Where(p => ParameterData(p) != null).ToList();
        foreach (var p in parameters)
            if (Flag(p, "ValueFromPipeline") && Accepts(p.PropertyType, item.GetType()))
            {
                p.SetValue(cmdlet, Coerce(p.PropertyType, item));
                return;
            }
        foreach (var p in parameters.Where(p => Flag(p, "ValueFromPipelineByPropertyName")))
        {
            var names = new[] { p.Name }.Concat(Aliases(p));
            var source = names.Select(n => item.GetType().GetProperty(n)).FirstOrDefault(s => s != null);
            var value = source?.GetValue(item);
            if (value != null && Accepts(p.PropertyType, value.GetType()))
            {
                p.SetValue(cmdlet, Coerce(p.PropertyType, value));
                return;
            }
        }
        throw new Xunit.Sdk.XunitException($"{cmdlet.GetType().Name} declares no parameter that binds a {item.GetType().Name} from the pipeline.");
    }

    static bool Accepts(Type parameter, Type value) =>
        parameter.IsAssignableFrom(value) || (parameter.IsArray && parameter.GetElementType()!.IsAssignableFrom(value));

    static object Coerce(Type parameter, object value)
    {
        if (!parameter.IsArray || value.GetType().IsArray) return value;
        var array = Array.CreateInstance(parameter.GetElementType()!, 1);
        array.SetValue(value, 0);
        return array;
    }

    internal static CustomAttributeData? ParameterData(PropertyInfo p) =>
        p.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(ParameterAttribute));

    internal static bool Flag(PropertyInfo p, string name) =>
        p.GetCustomAttributesData().Where(a => a.AttributeType == typeof(ParameterAttribute))
            .Any(a => a.NamedArguments.Any(n => n.MemberName == name && n.TypedValue.Value is true));

    internal static IEnumerable<string> Aliases(PropertyInfo p) =>
        p.GetCustomAttributesData().Where(a => a.AttributeType == typeof(AliasAttribute))
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable list and not string
                ? list.Cast<CustomAttributeTypedArgument>().Select(x => (string)x.Value!)
                : new[] { (string)arg.Value! });
}
#endif
