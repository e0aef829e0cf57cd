using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Emulator.State;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>
/// What a subscription holds, as Resource Manager lists it: its resource groups (ResourceGroups_List) and its
/// Recovery Services vaults (Vaults_ListBySubscriptionId, Vaults_ListByResourceGroup). Outside bms.json: these
/// come from Resource Manager's and the vaults' own specifications; the shapes are the common ARM ones.
/// </summary>
public static class SubscriptionEndpoints
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet("/subscriptions/{subscriptionId}/resourcegroups", (HttpContext ctx, string subscriptionId) =>
            List(state, ctx, subscriptionId, null, vaults => vaults
                .GroupBy(v => v.ResourceGroup, StringComparer.OrdinalIgnoreCase)
                .Select(g => (JsonNode)new JsonObject
                {
                    ["id"] = $"/subscriptions/{subscriptionId}/resourceGroups/{g.Key}",
                    ["name"] = g.Key,
                    ["type"] = "Microsoft.Resources/resourceGroups",
                    ["location"] = g.First().Location,
                    ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded" },
                })));

        app.MapGet("/subscriptions/{subscriptionId}/providers/Microsoft.RecoveryServices/vaults", (HttpContext ctx, string subscriptionId) =>
            List(state, ctx, subscriptionId, null, vaults => vaults.Select(v => (JsonNode)Render.Vault(v))));

        app.MapGet("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults", (HttpContext ctx, string subscriptionId, string resourceGroupName) =>
            List(state, ctx, subscriptionId, resourceGroupName, vaults => vaults.Select(v => (JsonNode)Render.Vault(v))));
    }

    static IResult List(EmulatorState state, HttpContext ctx, string subscriptionId, string? resourceGroup, Func<IEnumerable<VaultRecord>, IEnumerable<JsonNode>> render)
    {
        lock (state.Sync)
        {
            state.Advance();
            var vaults = state.Vaults.Where(v => string.Equals(v.SubscriptionId, subscriptionId, StringComparison.OrdinalIgnoreCase)
                && (resourceGroup == null || string.Equals(v.ResourceGroup, resourceGroup, StringComparison.OrdinalIgnoreCase))).ToList();
            return Responses.Page(ctx, state, render(vaults).ToList());
        }
    }
}
