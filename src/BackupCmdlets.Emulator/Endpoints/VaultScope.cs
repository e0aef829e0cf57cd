using System.Text.Json;
using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Emulator.State;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>Shared steps of every vault-scoped handler: lock, advance the clock, find the vault.</summary>
public static class VaultScope
{
    public const string Prefix = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/{vaultName}";

    public static IResult Run(EmulatorState state, string subscriptionId, string resourceGroupName, string vaultName, Func<VaultRecord, IResult> handler)
    {
        lock (state.Sync)
        {
            state.Advance();
            var vault = state.FindVault(subscriptionId, resourceGroupName, vaultName);
            return vault == null ? ArmErrors.VaultNotFound(resourceGroupName, vaultName) : handler(vault);
        }
    }

    public static IResult? CheckFabric(string fabricName) =>
        string.Equals(fabricName, "Azure", StringComparison.OrdinalIgnoreCase)
            ? null
            : ArmErrors.Result(404, "BMSUserErrorFabricNotFound", $"Fabric '{fabricName}' was not found. The only fabric of Azure workloads is 'Azure'.");

    /// <summary>Reads a JSON object body; a missing or malformed body is a 400 as ARM answers it.</summary>
    public static async Task<(JsonObject? Body, IResult? Error)> ReadBody(HttpContext context)
    {
        try
        {
            var node = await JsonNode.ParseAsync(context.Request.Body);
            return node is JsonObject obj
                ? (obj, null)
                : (null, ArmErrors.Result(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: the body must be a JSON object."));
        }
        catch (JsonException e)
        {
            return (null, ArmErrors.Result(400, "InvalidRequestContent", $"The request content was invalid and could not be deserialized: '{e.Message}'."));
        }
    }

    /// <summary>A string property of a JSON object, matched without regard to case.</summary>
    public static string? Str(JsonObject? obj, string name)
    {
        if (obj == null) return null;
        foreach (var (key, value) in obj)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                return value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return null;
    }

    public static JsonObject? Obj(JsonObject? obj, string name)
    {
        if (obj == null) return null;
        foreach (var (key, value) in obj)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                return value as JsonObject;
        return null;
    }

    public static Dictionary<string, string>? Filter(HttpContext context, out IResult? error)
    {
        var filter = ODataFilter.Parse(context.Request.Query["$filter"]);
        error = filter == null ? ArmErrors.InvalidInput($"The filter '{context.Request.Query["$filter"]}' is not valid. Use clauses of the form name eq 'value' joined by 'and'.") : null;
        return filter;
    }
}
