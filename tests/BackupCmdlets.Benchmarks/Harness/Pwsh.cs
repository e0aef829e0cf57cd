using System.Diagnostics;
using System.Text.Json;

namespace BackupCmdlets.Benchmarks.Harness;

/// <summary>
/// Runs a script in PowerShell 7 as a user would: 'dotnet pwsh' (the repository's tool manifest) in a process
/// of its own, from the repository root. A script reports by printing one line "RESULT {json}".
/// </summary>
public static class Pwsh
{
    public static async Task<JsonElement> RunScriptAsync(string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var (code, output, error) = await RunRawAsync(["-NoProfile", "-NonInteractive", "-File", script, .. arguments], timeout);
        var result = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (code != 0 || result == null)
            throw new InvalidOperationException($"{Path.GetFileName(script)} ended with exit code {code} and no RESULT line.\n{Tail(output)}\n{Tail(error)}");
        return JsonDocument.Parse(result["RESULT ".Length..]).RootElement.Clone();
    }

    public static async Task<(int Code, string Output, string Error)> RunRawAsync(IEnumerable<string> pwshArguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("pwsh");
        foreach (var a in pwshArguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cancel.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"PowerShell ran longer than {timeout.TotalSeconds:0} s and was stopped.\n{Tail(await output)}\n{Tail(await error)}");
        }
        return (process.ExitCode, await output, await error);
    }

    static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];
}
