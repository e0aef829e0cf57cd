using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Emulator.State;
using static BackupCmdlets.Emulator.Endpoints.VaultScope;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>
/// Auto-protection intents of SQL instances and availability groups: ProtectionIntent_Get, _CreateOrUpdate
/// and _Delete, and BackupProtectionIntent_List. Create and delete are synchronous (200 and 204, as in the examples).
/// </summary>
public static class IntentEndpoints
{
    const string IntentPath = Prefix + "/backupFabrics/{fabricName}/backupProtectionIntent/{intentObjectName}";
    const string IntentType = "AzureWorkloadSQLAutoProtectionIntent";

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet(Prefix + "/backupProtectionIntents", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                var filter = Filter(ctx, out var error);
                if (filter == null) return error!;
                var intents = () => v.Intents.Values.ToArray()
                    .Where(i => ODataFilter.Matches(filter, "backupManagementType", "AzureWorkload")
                             && ODataFilter.Matches(filter, "itemType", i.ItemType)
                             && ODataFilter.Matches(filter, "policyName", Render.PolicyName(i.PolicyId)))
                    .Select(i => (JsonNode)Render.Intent(v, i));
                return Responses.Page(ctx, state, intents);
            }));

        app.MapGet(IntentPath, (string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string intentObjectName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
                CheckFabric(fabricName) ?? (v.Intents.TryGetValue(intentObjectName, out var i)
                    ? Results.Json(Render.Intent(v, i))
                    : NotFound(intentObjectName))));

        app.MapPut(IntentPath, async (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string intentObjectName) =>
        {
            var (body, bodyError) = await ReadBody(ctx);
            return bodyError ?? Run(state, subscriptionId, resourceGroupName, vaultName, v => CreateOrUpdate(state, v, fabricName, intentObjectName, body!));
        });

        // Deleting an intent stops future auto-protection only; databases it protected stay protected.
        app.MapDelete(IntentPath, (string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string intentObjectName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                if (CheckFabric(fabricName) is { } bad) return bad;
                v.Intents.Remove(intentObjectName);
                return Results.NoContent(); // ARM: deleting what is not there is not an error
            }));
    }

    static IResult NotFound(string name) =>
        ArmErrors.Result(404, "BMSUserErrorProtectionIntentNotFound", $"Protection intent '{name}' was not found.", "List the vault's protection intents to see their names.");

    static IResult CreateOrUpdate(EmulatorState state, VaultRecord v, string fabricName, string name, JsonObject body)
    {
        if (CheckFabric(fabricName) is { } bad) return bad;
        var properties = Obj(body, "properties");
        if (properties == null) return ArmErrors.InvalidInput("The request body has no 'properties' object.");
        var type = Str(properties, "protectionIntentItemType");
        if (!string.Equals(type, IntentType, StringComparison.OrdinalIgnoreCase))
            return ArmErrors.InvalidInput($"Protection intent type '{type}' is not supported for auto-protection here.", $"Set 'protectionIntentItemType' to '{IntentType}'.");
        var workloadItemType = Str(properties, "workloadItemType");
        if (workloadItemType != null && workloadItemType is not ("SQLInstance" or "SQLDataBase"))
            return ArmErrors.InvalidInput($"Workload item type '{workloadItemType}' is not a SQL item type.", "Use 'SQLInstance' or 'SQLDataBase', or leave it out.");

        var policyId = Str(properties, "policyId");
        if (string.IsNullOrEmpty(policyId)) return ArmErrors.InvalidInput("'properties.policyId' is required.", "Use the id of a policy of this vault.");
        if (!policyId.StartsWith(v.Id + "/backupPolicies/", StringComparison.OrdinalIgnoreCase) || !v.Policies.TryGetValue(Render.PolicyName(policyId), out var policy))
            return ArmErrors.InvalidInput($"Policy '{policyId}' is not a policy of vault '{v.Name}'.", "List the vault's policies and use the id of one of them.");
        if (!string.Equals(policy.BackupManagementType, Workload.Sql.ManagementType, StringComparison.OrdinalIgnoreCase))
            return ArmErrors.InvalidInput($"Policy '{policy.Name}' is for {policy.BackupManagementType}; auto-protection of SQL databases needs an AzureWorkload policy.");

        var itemId = Str(properties, "itemId");
        if (string.IsNullOrEmpty(itemId)) return ArmErrors.InvalidInput("'properties.itemId' is required.", "Use the id of a SQLInstance or SQLAvailabilityGroupContainer protectable item.");
        // The item's id ends .../protectionContainers/{container}/protectableItems/{item}; the examples spell it
        // .../backupProtectionContainer/{container}/backupProtectableItems/{item}. Both name the same item.
        var (containerName, itemName) = ItemOf(itemId);
        if (containerName == null || itemName == null)
            return ArmErrors.InvalidInput($"'properties.itemId' '{itemId}' is not the id of a protectable item.", "Use the Id of an item listed by backupProtectableItems.");
        if (!v.Containers.TryGetValue(containerName, out var c) || c.RegistrationStatus != "Registered" || c.Workload != Workload.Sql)
            return ArmErrors.ContainerNotFound(containerName);
        var item = c.Inquired ? Render.ProtectableItems(v, c).FirstOrDefault(i => string.Equals(i.Name, itemName, StringComparison.OrdinalIgnoreCase)) : default;
        if (item.Name == null) return ArmErrors.ItemNotFound(itemName);
        if (item.Type is not ("SQLInstance" or "SQLAvailabilityGroupContainer"))
            return ArmErrors.InvalidInput($"Item '{item.Name}' is a {item.Type}; only a SQLInstance or a SQLAvailabilityGroupContainer can be auto-protected.", "Protect a single database with a protected item instead.");

        // One intent per item: another name for an item that already has one is a conflict.
        var existing = v.Intents.Values.FirstOrDefault(i => string.Equals(i.ContainerName, c.Name, StringComparison.OrdinalIgnoreCase) && string.Equals(i.ItemName, item.Name, StringComparison.OrdinalIgnoreCase));
        if (existing != null && !string.Equals(existing.Name, name, StringComparison.OrdinalIgnoreCase))
            return ArmErrors.Conflict("BMSUserErrorProtectionIntentAlreadyExists", $"Item '{item.Name}' is already auto-protected by intent '{existing.Name}'.", "Update that intent, or delete it first.");
        if (v.Intents.TryGetValue(name, out var named) && named != existing)
            return ArmErrors.InvalidInput($"Intent '{name}' is for item '{named.ItemName}', not '{item.Name}'.", "Use a new name for a new intent.");

        IntentRecord intent;
        if (existing != null)
        {
            existing.PolicyId = policyId; // databases already protected keep their policy: only new ones get this one
            intent = existing;
        }
        else
            v.Intents[name] = intent = new IntentRecord
            {
                Name = name, ItemId = itemId, ContainerName = c.Name, ItemName = item.Name, ItemType = item.Type, PolicyId = policyId,
                SourceResourceId = Str(properties, "sourceResourceId"), WorkloadItemType = workloadItemType,
            };
        // Enabling protects the databases there already; later ones are protected by the inquiry that finds them.
        state.AutoProtect(v, intent, state.Now);
        return Results.Json(Render.Intent(v, intent));
    }

    static (string? Container, string? Item) ItemOf(string id)
    {
        var parts = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? After(params string[] keys)
        {
            for (var i = 0; i < parts.Length - 1; i++)
                if (keys.Any(k => string.Equals(parts[i], k, StringComparison.OrdinalIgnoreCase))) return parts[i + 1];
            return null;
        }
        return (After("protectionContainers", "backupProtectionContainer"), After("protectableItems", "backupProtectableItems"));
    }
}
