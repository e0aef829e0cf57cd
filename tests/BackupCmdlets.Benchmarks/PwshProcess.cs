using System.Diagnostics;

/// <summary>
/// Runs a PowerShell script in a fresh 'dotnet pwsh -NoProfile' process (the repository's tool manifest's pwsh), for
/// the scenarios that measure inside PowerShell; also finds the repository and the packaged module.
/// </summary>
static class PwshProcess
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The packaged module's manifest; packaged first (build.ps1 -Task Package) when out/ has none.</summary>
    public static string PackagedModule(string[] args)
    {
        var manifest = SpeedArgs.Str(args, "--module") ?? Path.Combine(RepoRoot, "out", "BackupCmdlets", "BackupCmdlets.psd1");
        if (!File.Exists(manifest))
        {
            Console.WriteLine($"No packaged module at {manifest}: packaging it (build.ps1 -Task Package).");
            Run(Path.Combine(RepoRoot, "build.ps1"), "-Task", "Package");
        }
        return manifest;
    }

    /// <summary>Runs <paramref name="script"/> (a .ps1 file) with <paramref name="arguments"/>; its output lines, or an exception with its errors.</summary>
    public static string[] Run(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", script }.Concat(arguments)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"pwsh {Path.GetFileName(script)} exited with {process.ExitCode}: {output}{error.Result}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Writes <paramref name="text"/> to a temporary .ps1 file and returns its path.</summary>
    public static string Script(string name, string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-{name}-{Environment.ProcessId}.ps1");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The value of a "name: value" line of a script's output, as a number.</summary>
    public static double Value(string[] lines, string name) =>
        double.Parse(lines.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Substring(name.Length + 1).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BackupCmdlets.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run the benchmarks from the repository (BackupCmdlets.sln not found above " + AppContext.BaseDirectory + ").");
    }
}
