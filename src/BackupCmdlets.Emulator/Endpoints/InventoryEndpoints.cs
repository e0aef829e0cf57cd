using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.State;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>
/// The test control plane's inventory changes (outside ARM's paths, no token): a database created on a VM's
/// SQL instance or in an availability group, as a DBA would. The vault sees it after its next inquiry.
/// </summary>
public static class InventoryEndpoints
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapPost("/emulator/vms/{vm}/instances/{instance}/databases", async (HttpContext ctx, string vm, string instance) =>
        {
            var name = await NameOf(ctx);
            if (name == null) return Results.BadRequest(new { error = "Send {\"name\": \"<database>\"}." });
            lock (state.Sync)
            {
                var machine = state.Seed.VirtualMachines.FirstOrDefault(m => string.Equals(m.Name, vm, StringComparison.OrdinalIgnoreCase));
                var sql = machine?.SqlInstances.FirstOrDefault(i => string.Equals(i.Name, instance, StringComparison.OrdinalIgnoreCase));
                if (sql == null) return Results.NotFound(new { error = $"VM '{vm}' has no SQL instance '{instance}'." });
                return Add(sql.Databases, name);
            }
        });

        app.MapPost("/emulator/availabilityGroups/{group}/databases", async (HttpContext ctx, string group) =>
        {
            var name = await NameOf(ctx);
            if (name == null) return Results.BadRequest(new { error = "Send {\"name\": \"<database>\"}." });
            lock (state.Sync)
            {
                var ag = state.Seed.AvailabilityGroups.FirstOrDefault(g => string.Equals(g.Name, group, StringComparison.OrdinalIgnoreCase));
                if (ag == null) return Results.NotFound(new { error = $"There is no availability group '{group}'." });
                return Add(ag.Databases, name);
            }
        });
    }

    static IResult Add(List<string> databases, string name)
    {
        if (databases.Contains(name, StringComparer.OrdinalIgnoreCase)) return Results.Conflict(new { error = $"Database '{name}' exists already." });
        databases.Add(name);
        return Results.Json(databases, statusCode: 201);
    }

    static async Task<string?> NameOf(HttpContext ctx)
    {
        try
        {
            var body = await JsonNode.ParseAsync(ctx.Request.Body) as JsonObject;
            var name = body?["name"]?.GetValue<string>();
            // A database name the service's item names can carry (they are joined with ';').
            return string.IsNullOrWhiteSpace(name) || name.IndexOfAny([';', '/', '\'']) >= 0 ? null : name;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException) { return null; }
    }
}
