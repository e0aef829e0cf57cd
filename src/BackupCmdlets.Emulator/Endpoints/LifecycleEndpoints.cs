using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Emulator.State;
using static BackupCmdlets.Emulator.Endpoints.VaultScope;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>
/// The protection lifecycle: stop (keep data), resume, change policy and undelete (all ProtectedItems_CreateOrUpdate),
/// delete backup data (ProtectedItems_Delete, soft delete per the vault's config) and unregister a container
/// (ProtectionContainers_Unregister), refused while the container still holds items.
/// </summary>
public static class LifecycleEndpoints
{
    const string ContainerPath = Prefix + "/backupFabrics/{fabricName}/protectionContainers/{containerName}";
    const string ItemPath = ContainerPath + "/protectedItems/{protectedItemName}";

    // Error codes the spec does not name; the real service's words may differ (docs/emulator.md says so).
    public const string ContainerHasItems = "BMSUserErrorContainerHasDatasources";
    public const string ItemSoftDeleted = "BMSUserErrorItemSoftDeleted";
    public const string ProtectionStopped = "BMSUserErrorProtectionStopped";

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapDelete(ItemPath, (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName, string protectedItemName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v => DeleteItem(ctx, state, v, fabricName, containerName, protectedItemName)));

        app.MapDelete(ContainerPath, (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v => Unregister(ctx, state, v, fabricName, containerName)));
    }

    /// <summary>A PUT on an item the vault already has, or one that asks to stop or undelete: the lifecycle's, not a new protection.</summary>
    public static bool Handles(VaultRecord v, string containerName, string itemName, JsonObject properties) =>
        v.ProtectedItems.ContainsKey(VaultRecord.ItemKey(containerName, itemName))
        || Str(properties, "protectionState") != null
        || properties.Any(p => string.Equals(p.Key, "isRehydrate", StringComparison.OrdinalIgnoreCase));

    /// <summary>Stop keeping data (protectionState ProtectionStopped, StopProtection.json), undelete (isRehydrate), or resume / change policy (policyId).</summary>
    public static IResult Put(HttpContext ctx, EmulatorState state, VaultRecord v, string containerName, string itemName, JsonObject properties)
    {
        if (!v.ProtectedItems.TryGetValue(VaultRecord.ItemKey(containerName, itemName), out var item)) return ArmErrors.ItemNotFound(itemName);
        var workload = Workload.FromItemType(Str(properties, "protectedItemType"), Str(properties, "backupManagementType"), Str(properties, "workloadType"));
        if (workload != null && workload != item.Workload)
            return ArmErrors.InvalidInput($"'{item.FriendlyName}' is a {item.Workload.ProtectedItemType} item, not {workload.ProtectedItemType}.", $"Set 'protectedItemType' to '{item.Workload.ProtectedItemType}'.");
        var rehydrate = properties.FirstOrDefault(p => string.Equals(p.Key, "isRehydrate", StringComparison.OrdinalIgnoreCase)).Value is JsonValue r && r.TryGetValue<bool>(out var flag) && flag;
        var requested = Str(properties, "protectionState");
        if (rehydrate)
        {
            if (!item.IsSoftDeleted)
                return ArmErrors.InvalidInput($"Item '{item.FriendlyName}' is not deleted: there is nothing to undelete.");
            item.DeferredDeleteAt = null;
            item.ProtectionState = "ProtectionStopped"; // undeleted data comes back with protection stopped
        }
        else if (item.IsSoftDeleted)
            return ArmErrors.Result(400, ItemSoftDeleted, $"Item '{item.FriendlyName}' is deleted; soft delete keeps its data until {item.DeferredDeleteAt:u}.",
                "Undelete it (isRehydrate) before changing its protection.");
        else if (string.Equals(requested, "ProtectionStopped", StringComparison.OrdinalIgnoreCase))
            item.ProtectionState = "ProtectionStopped"; // the policy stays on the item, as StopProtection.json's answer shows
        else if (requested != null && !string.Equals(requested, "Protected", StringComparison.OrdinalIgnoreCase))
            return ArmErrors.InvalidInput($"'properties.protectionState' '{requested}' cannot be set.", "Use 'ProtectionStopped' to stop protection, or send a policyId to protect.");
        else
        {
            var policyId = Str(properties, "policyId");
            if (string.IsNullOrEmpty(policyId)) return ArmErrors.InvalidInput("'properties.policyId' is required.", "Use the id of a policy of this vault.");
            if (!policyId.StartsWith(v.Id + "/backupPolicies/", StringComparison.OrdinalIgnoreCase) || !v.Policies.TryGetValue(Render.PolicyName(policyId), out var policy))
                return ArmErrors.InvalidInput($"Policy '{policyId}' is not a policy of vault '{v.Name}'.", "List the vault's policies and use the id of one of them.");
            if (!string.Equals(policy.BackupManagementType, item.Workload.ManagementType, StringComparison.OrdinalIgnoreCase))
                return ArmErrors.InvalidInput($"Policy '{policy.Name}' is for {policy.BackupManagementType}; a {item.Workload.ProtectedItemType} item needs a {item.Workload.ManagementType} policy.");
            item.PolicyId = $"{v.Id}/backupPolicies/{policy.Name}";
            if (item.ProtectionState == "ProtectionStopped")
                item.ProtectionState = item.LastBackupTime != null ? "Protected" : "IRPending"; // resumed
        }
        var relative = $"backupFabrics/Azure/protectionContainers/{item.ContainerName}/protectedItems/{item.Name}";
        var op = state.RunningOperation(v, OperationKind.EnableProtection, item.ContainerName, item.Name)
            ?? state.StartOperation(v, OperationKind.EnableProtection, container: item.ContainerName, item: item.Name, plannedOutcome: Responses.PlannedOutcome(ctx));
        return Responses.Accepted(ctx, state, op,
            Responses.PollUrl(ctx, v, relative, "operationResults", op.Id),
            Responses.PollUrl(ctx, v, relative, "operationsStatus", op.Id));
    }

    /// <summary>A stopped or deleted item takes no backup until it is protected again.</summary>
    public static IResult? RefuseBackup(ProtectedItemRecord item) => item.ProtectionState == "ProtectionStopped"
        ? ArmErrors.Result(400, ProtectionStopped, $"Protection of '{item.FriendlyName}' is stopped: it takes no backup.", "Resume protection with a policy first.")
        : null;

    static IResult DeleteItem(HttpContext ctx, EmulatorState state, VaultRecord v, string fabricName, string containerName, string itemName)
    {
        if (CheckFabric(fabricName) is { } bad) return bad;
        if (!v.ProtectedItems.TryGetValue(VaultRecord.ItemKey(containerName, itemName), out var item)) return ArmErrors.ItemNotFound(itemName);
        if (item.IsSoftDeleted)
            return ArmErrors.Result(400, ItemSoftDeleted, $"Item '{item.FriendlyName}' is already deleted; soft delete keeps its data until {item.DeferredDeleteAt:u}.");
        var op = state.RunningOperation(v, OperationKind.DeleteProtection, item.ContainerName, item.Name)
            ?? state.StartOperation(v, OperationKind.DeleteProtection, container: item.ContainerName, item: item.Name, plannedOutcome: Responses.PlannedOutcome(ctx));
        // ProtectedItem_Delete.json: the 202 points at the vault-level backupOperationResults and backupOperations.
        return Responses.Accepted(ctx, state, op, VaultPollUrl(ctx, v, "backupOperationResults", op.Id), VaultPollUrl(ctx, v, "backupOperations", op.Id));
    }

    static IResult Unregister(HttpContext ctx, EmulatorState state, VaultRecord v, string fabricName, string containerName)
    {
        if (CheckFabric(fabricName) is { } bad) return bad;
        if (!v.Containers.TryGetValue(containerName, out var c)) return ArmErrors.ContainerNotFound(containerName);
        // The service keeps a container while it holds backup data: protected, stopped with data, or soft deleted.
        var items = v.ProtectedItems.Values.Concat(v.PendingItems.Values).Where(i => i.Container == c).ToList();
        if (items.Count > 0)
        {
            var deleted = items.Count(i => i.IsSoftDeleted);
            var names = string.Join(", ", items.Select(i => i.FriendlyName).Order().Take(5)) + (items.Count > 5 ? ", ..." : "");
            return ArmErrors.Result(400, ContainerHasItems,
                $"Container '{c.FriendlyName}' still has {items.Count} protected item(s) ({names}){(deleted > 0 ? $", {deleted} of them soft deleted" : "")}; it cannot be unregistered.",
                deleted == items.Count
                    ? "Wait until soft delete purges them, or undelete them and delete their backup data with soft delete disabled."
                    : "Stop protection of each item and delete its backup data first.");
        }
        var relative = $"backupFabrics/Azure/protectionContainers/{c.Name}";
        var op = state.RunningOperation(v, OperationKind.Unregister, c.Name)
            ?? state.StartOperation(v, OperationKind.Unregister, container: c.Name, plannedOutcome: Responses.PlannedOutcome(ctx));
        // ProtectionContainers_Unregister.json: container-level operationResults and operationsStatus.
        return Responses.Accepted(ctx, state, op,
            Responses.PollUrl(ctx, v, relative, "operationResults", op.Id),
            Responses.PollUrl(ctx, v, relative, "operationsStatus", op.Id));
    }

    static string VaultPollUrl(HttpContext ctx, VaultRecord v, string kind, string id) =>
        Responses.PollUrl(ctx, v, "", kind, id).Replace("//" + kind, "/" + kind);

    /// <summary>The deferred-delete fields of a soft-deleted item (the spec's ProtectedItem).</summary>
    public static void RenderDeleteState(JsonObject properties, ProtectedItemRecord i)
    {
        if (i.DeferredDeleteAt is not { } at) return;
        properties["isScheduledForDeferredDelete"] = true;
        properties["deferredDeleteTimeInUTC"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }
}
