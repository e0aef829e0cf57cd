using System.Collections.Concurrent;

namespace BackupCmdlets.Emulator.Infrastructure;

/// <summary>
/// One request as the service saw it; a write keeps its body, so tests can check what was sent; with
/// <see cref="EmulatorSettings.KeepResponseBodies"/> the answer's body too, and the fault that shaped it.
/// </summary>
public sealed record LoggedRequest(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    string Query,
    int Status,
    string? OperationId,
    DateTimeOffset? PollNotBefore,
    string? Body = null,
    string? ResponseBody = null,
    string? Fault = null,
    DateTimeOffset? ServedFrom = null,
    DateTimeOffset? ServedUntil = null)
{
    // ServedFrom/ServedUntil: real time (not the service's clock) the request arrived and was answered, to see requests overlap.

    /// <summary>True for a poll sent before the Retry-After the service had given for it.</summary>
    public bool PolledEarly => PollNotBefore is { } nb && ReceivedAt < nb;
}

/// <summary>Everything received, in order; tests read it to prove what was (not) sent.</summary>
public sealed class RequestLog
{
    readonly ConcurrentQueue<LoggedRequest> entries = new();
    long sequence;

    public void Add(DateTimeOffset at, string method, string path, string query, int status, string? operationId, DateTimeOffset? notBefore, string? body = null,
        string? responseBody = null, string? fault = null, DateTimeOffset? servedFrom = null, DateTimeOffset? servedUntil = null) =>
        entries.Enqueue(new LoggedRequest(Interlocked.Increment(ref sequence), at, method, path, query, status, operationId, notBefore, body, responseBody, fault,
            servedFrom, servedUntil));

    public IReadOnlyList<LoggedRequest> Entries => entries.ToArray();

    public int Count => entries.Count;
}
