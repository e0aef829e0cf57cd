using System.Globalization;

namespace BackupCmdlets.Benchmarks.Harness;

/// <summary>What every scenario prints: "figure: value (goal: ...)". Nothing is asserted.</summary>
public static class Report
{
    public static void Title(string text) => Console.WriteLine($"\n== {text}");

    public static void Figure(string name, string value, string goal) => Console.WriteLine($"{name}: {value} (goal: {goal})");

    /// <summary>A figure that has no goal of its own but explains one that has.</summary>
    public static void Note(string name, string value) => Console.WriteLine($"  {name}: {value}");

    public static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string MB(long bytes) => F(bytes / 1048576.0, "0.0") + " MB";
}
