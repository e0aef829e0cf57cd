using BackupCmdlets.Emulator.Infrastructure;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>
/// The request log on the control plane (outside ARM's paths, no token): a test in another process counts
/// what was sent, e.g. that a write was sent once although two processes waited on it. Bodies stay out.
/// servedFrom/servedUntil are real time (arrival and answer), to see latency and overlap from outside.
/// </summary>
public static class RequestLogEndpoints
{
    public static void Map(WebApplication app, RequestLog log) =>
        app.MapGet("/emulator/requests", () => Results.Json(log.Entries.Select(e => new { e.Sequence, e.ReceivedAt, e.Method, e.Path, e.Status, e.ServedFrom, e.ServedUntil })));
}
