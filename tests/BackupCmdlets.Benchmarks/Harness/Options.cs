using System.Globalization;

namespace BackupCmdlets.Benchmarks.Harness;

/// <summary>The command line: --name value pairs, read by each scenario for what it needs.</summary>
public sealed class Options(string[] args)
{
    public string[] Args { get; } = args;

    public string? Text(string name)
    {
        var i = Array.IndexOf(Args, name);
        return i >= 0 && i + 1 < Args.Length ? Args[i + 1] : null;
    }

    public int Int(string name, int fallback) =>
        int.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    public double Double(string name, double fallback) =>
        double.TryParse(Text(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    /// <summary>A comma-separated list of whole numbers, e.g. --databases 1,50,500.</summary>
    public int[] Ints(string name, params int[] fallback) =>
        Text(name) is { } text ? text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : fallback;
}
