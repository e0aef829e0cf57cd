using BackupCmdlets.Emulator.Faults;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>
/// The test control plane, on the emulator's own loopback address (outside ARM's paths, so no token):
/// set or clear faults and read the ledger from a script or another process.
/// </summary>
public static class ControlEndpoints
{
    public static void Map(WebApplication app, FaultInjector faults, Ledger ledger)
    {
        app.MapGet("/emulator/faults", () => Results.Json(faults.Rules.Select(r => r.ToString())));
        app.MapPut("/emulator/faults", (List<FaultRule> rules) =>
        {
            faults.Set(rules);
            return Results.Json(faults.Rules.Select(r => r.ToString()));
        });
        app.MapDelete("/emulator/faults", () =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        app.MapGet("/emulator/ledger", () => Results.Json(ledger.Entries));
    }
}
