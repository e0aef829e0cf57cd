using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Emulator.State;
using static BackupCmdlets.Emulator.Endpoints.VaultScope;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>
/// Restores_Trigger: POST .../recoveryPoints/{id}/restore. The body is checked as the service checks
/// it (<see cref="RestoreRules"/>); an accepted restore starts a Restore job at once and answers 202
/// with the item's operation URLs, as the TriggerRestore_* examples show.
/// </summary>
public static class RestoreEndpoints
{
    const string PointPath = Prefix + "/backupFabrics/{fabricName}/protectionContainers/{containerName}/protectedItems/{protectedItemName}/recoveryPoints/{recoveryPointId}";

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapPost(PointPath + "/restore", async (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName, string protectedItemName, string recoveryPointId) =>
        {
            var (body, bodyError) = await ReadBody(ctx);
            return bodyError ?? Run(state, subscriptionId, resourceGroupName, vaultName, v => Trigger(ctx, state, v, fabricName, containerName, protectedItemName, recoveryPointId, body!));
        });
    }

    static IResult Trigger(HttpContext ctx, EmulatorState state, VaultRecord v, string fabricName, string containerName, string itemName, string recoveryPointId, JsonObject body)
    {
        if (CheckFabric(fabricName) is { } bad) return bad;
        if (!v.ProtectedItems.TryGetValue(VaultRecord.ItemKey(containerName, itemName), out var item)) return ArmErrors.ItemNotFound(itemName);
        if (RecoveryPointQuery.Get(v, item, recoveryPointId) == null)
            return ArmErrors.Result(404, "BMSUserErrorRecoveryPointNotFound", $"Recovery point '{recoveryPointId}' of '{item.FriendlyName}' was not found.", "List the item's recovery points to see their ids.");
        var properties = Obj(body, "properties");
        if (properties == null) return ArmErrors.InvalidInput("The request body has no 'properties' object.");
        if (RestoreRules.Check(state, v, item, recoveryPointId, properties, out var target) is { } refused) return refused;

        var now = state.Now;
        var relative = $"backupFabrics/Azure/protectionContainers/{item.ContainerName}/protectedItems/{item.Name}";
        var planned = Responses.PlannedOutcome(ctx);
        var op = state.StartOperation(v, OperationKind.Restore, container: item.ContainerName, item: item.Name, plannedOutcome: planned);
        if (planned == null)
        {
            var job = new JobRecord
            {
                Id = Guid.NewGuid().ToString(),
                Workload = item.Workload,
                ContainerName = item.ContainerName,
                ItemName = item.Name,
                EntityFriendlyName = item.FriendlyName,
                Operation = "Restore",
                StartTime = now,
                CompletesAt = now + state.Settings.JobDuration,
            };
            v.Jobs[job.Id] = job;
            if (target != null) state.RestoreTargets[job.Id] = target;
            state.Ledger.Record(now, Faults.Ledger.JobCreated, job.Id, VaultRecord.ItemKey(item.ContainerName, item.Name));
            op.JobId = job.Id;
        }
        return Responses.Accepted(ctx, state, op,
            Responses.PollUrl(ctx, v, relative, "operationResults", op.Id),
            Responses.PollUrl(ctx, v, relative, "operationsStatus", op.Id));
    }
}
