using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace BackupCmdlets.Benchmarks.Harness;

/// <summary>One request of the emulator's log (GET /emulator/requests); ServedFrom is real time, ReceivedAt the service's clock.</summary>
public sealed record LoggedRequest(long Sequence, DateTimeOffset ReceivedAt, string Method, string Path, int Status, DateTimeOffset? ServedFrom = null);

/// <summary>
/// The emulator in a process of its own on a free loopback port, as the Pester suite runs it: its CPU is not the
/// harness's, and its command-line flags are the ones a user would type. Disposing it stops it.
/// </summary>
public sealed partial class EmulatorProcess : IAsyncDisposable
{
    readonly Process process;
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public Uri Url { get; }
    public IReadOnlyList<string> Flags { get; }

    EmulatorProcess(Process process, Uri url, IReadOnlyList<string> flags) { this.process = process; Url = url; Flags = flags; }

    /// <summary>The flags of throttling, latency and clock speed (issue 9): an emulator built before them refuses them.</summary>
    static readonly string[] NewerFlags = ["--throttle", "--read-latency-ms", "--write-latency-ms", "--poll-latency-ms", "--clock-speed"];

    public static async Task<EmulatorProcess> StartAsync(params string[] flags)
    {
        try { return await StartExactlyAsync(flags); }
        catch (InvalidOperationException e) when (e.Message.Contains("Unknown option", StringComparison.Ordinal) && flags.Intersect(NewerFlags).Any())
        {
            var older = flags.Where((f, i) => !NewerFlags.Contains(f) && (i == 0 || !NewerFlags.Contains(flags[i - 1]))).ToArray();
            // Without a faster clock, the service's times are divided here instead.
            var speed = Array.IndexOf(flags, "--clock-speed") is var c and >= 0 ? double.Parse(flags[c + 1], System.Globalization.CultureInfo.InvariantCulture) : 1;
            for (var i = 0; i + 1 < older.Length; i++)
                if (older[i] is "--operation-seconds" or "--job-seconds")
                    older[i + 1] = Report.F(double.Parse(older[i + 1], System.Globalization.CultureInfo.InvariantCulture) / speed, "0.###");
            Console.WriteLine($"WARNING: this emulator build has no {string.Join(", ", flags.Intersect(NewerFlags))}: running without them (no throttling, no latency; operation and job times divided by the clock speed).");
            return await StartExactlyAsync(older);
        }
    }

    static async Task<EmulatorProcess> StartExactlyAsync(string[] flags)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Repo.EmulatorDll, "--urls", "http://127.0.0.1:0" }.Concat(flags)) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
        {
            if (Listening().Match(line) is { Success: true } m)
            {
                // Keep reading its output, or a full pipe would block it.
                _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                return new EmulatorProcess(process, new Uri(m.Groups[1].Value.TrimEnd('/')), flags);
            }
        }
        await process.WaitForExitAsync();
        throw new InvalidOperationException($"The emulator did not start ({string.Join(' ', flags)}): {await error}");
    }

    public async Task<List<LoggedRequest>> RequestsAsync() =>
        await Http.GetFromJsonAsync<List<LoggedRequest>>(new Uri(Url, "/emulator/requests")) ?? [];

    public async ValueTask DisposeAsync()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await process.WaitForExitAsync();
        process.Dispose();
    }

    [GeneratedRegex(@"listening on (https?://\S+)")]
    private static partial Regex Listening();
}
