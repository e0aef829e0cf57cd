using System.Text.RegularExpressions;

namespace BackupCmdlets.Emulator.Infrastructure;

/// <summary>What a request counts as, for throttling (read or write) and for latency (read, write or poll).</summary>
public enum RequestKind { Read, Write, Poll }

public static partial class RequestKinds
{
    /// <summary>GET is a read (a poll when it asks after an operation or one job); every other method a write, DELETE included.</summary>
    public static RequestKind Of(string method, string path) =>
        !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) ? RequestKind.Write
        : PollPath().IsMatch(path) ? RequestKind.Poll
        : RequestKind.Read;

    public static TimeSpan Latency(EmulatorSettings settings, RequestKind kind) => kind switch
    {
        RequestKind.Write => settings.WriteLatency,
        RequestKind.Poll => settings.PollLatency,
        _ => settings.ReadLatency,
    };

    /// <summary>The subscription a path is under (<c>/subscriptions/{id}/...</c>, any case), or null.</summary>
    public static string? Subscription(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && string.Equals(segments[0], "subscriptions", StringComparison.OrdinalIgnoreCase) ? segments[1] : null;
    }

    [GeneratedRegex(@"/(operationResults|operationsStatus|operationStatus|backupOperations|backupOperationResults)/[^/]+/?$|/backupJobs/[^/]+/?$", RegexOptions.IgnoreCase)]
    private static partial Regex PollPath();
}
