using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Emulator.State;
using static BackupCmdlets.Emulator.Endpoints.VaultScope;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>Protectable items, enabling protection, protected items, on-demand backup and recovery points.</summary>
public static class ItemEndpoints
{
    const string ItemPath = Prefix + "/backupFabrics/{fabricName}/protectionContainers/{containerName}/protectedItems/{protectedItemName}";

    /// <summary>Backup types an on-demand backup of a SQL database accepts.</summary>
    static readonly string[] SqlBackupTypes = { "Full", "Differential", "Log", "CopyOnlyFull" };

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet(Prefix + "/backupProtectableItems", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                var filter = Filter(ctx, out var error);
                if (filter == null) return error!;
                var items = v.Containers.Values.Where(c => c.Inquired)
                    .SelectMany(c => Render.ProtectableItems(v, c))
                    .Where(i => ODataFilter.Matches(filter, "backupManagementType", "AzureWorkload")
                             && ODataFilter.Matches(filter, "workloadType", "SQLDataBase")
                             && ODataFilter.Matches(filter, "protectableItemType", i.Type))
                    .Select(i => (JsonNode)i.Body);
                return Responses.Page(ctx, state, items);
            }));

        app.MapGet(Prefix + "/backupProtectedItems", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                var filter = Filter(ctx, out var error);
                if (filter == null) return error!;
                var items = v.ProtectedItems.Values
                    .Where(i => ODataFilter.Matches(filter, "backupManagementType", "AzureWorkload")
                             && ODataFilter.Matches(filter, "itemType", "SQLDataBase")
                             && ODataFilter.Matches(filter, "workloadType", "SQLDataBase")
                             && ODataFilter.Matches(filter, "policyName", Render.PolicyName(i.PolicyId)))
                    .Select(i => (JsonNode)Render.ProtectedItem(v, i));
                return Responses.Page(ctx, state, items);
            }));

        app.MapGet(ItemPath, (string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName, string protectedItemName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
                CheckFabric(fabricName) ?? (v.ProtectedItems.TryGetValue(VaultRecord.ItemKey(containerName, protectedItemName), out var i)
                    ? Results.Json(Render.ProtectedItem(v, i))
                    : ArmErrors.ItemNotFound(protectedItemName))));

        app.MapPut(ItemPath, async (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName, string protectedItemName) =>
        {
            var (body, bodyError) = await ReadBody(ctx);
            return bodyError ?? Run(state, subscriptionId, resourceGroupName, vaultName, v => Enable(ctx, state, v, fabricName, containerName, protectedItemName, body!));
        });

        app.MapPost(ItemPath + "/backup", async (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName, string protectedItemName) =>
        {
            var (body, bodyError) = await ReadBody(ctx);
            return bodyError ?? Run(state, subscriptionId, resourceGroupName, vaultName, v => Trigger(ctx, state, v, fabricName, containerName, protectedItemName, body!));
        });

        app.MapGet(ItemPath + "/operationResults/{operationId}", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName, string protectedItemName, string operationId) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
                OperationEndpoints.Result(ctx, state, v, operationId, $"backupFabrics/Azure/protectionContainers/{containerName}/protectedItems/{protectedItemName}",
                    OperationKind.EnableProtection, OperationKind.Backup)));

        app.MapGet(ItemPath + "/operationsStatus/{operationId}", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName, string protectedItemName, string operationId) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
                OperationEndpoints.Status(ctx, state, v, operationId, OperationKind.EnableProtection, OperationKind.Backup)));

        app.MapGet(ItemPath + "/recoveryPoints", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName, string protectedItemName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                if (!v.ProtectedItems.TryGetValue(VaultRecord.ItemKey(containerName, protectedItemName), out var i)) return ArmErrors.ItemNotFound(protectedItemName);
                var filter = Filter(ctx, out var error);
                if (filter == null) return error!;
                // startDate eq '2017-01-01 00:00:00 AM' and endDate eq '...', as the jobs' time filter.
                if (!VaultEndpoints.JobTime(filter, "startDate", out var from) || !VaultEndpoints.JobTime(filter, "endDate", out var to))
                    return ArmErrors.InvalidInput("startDate and endDate must be of the form 'yyyy-MM-dd hh:mm:ss AM'.");
                return Responses.Page(ctx, state, i.RecoveryPoints
                    .Where(r => (from == null || r.Time >= from) && (to == null || r.Time <= to))
                    .OrderByDescending(r => r.Time).Select(r => (JsonNode)Render.RecoveryPoint(v, i, r)));
            }));

        app.MapGet(ItemPath + "/recoveryPoints/{recoveryPointId}", (string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName, string protectedItemName, string recoveryPointId) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                if (!v.ProtectedItems.TryGetValue(VaultRecord.ItemKey(containerName, protectedItemName), out var i)) return ArmErrors.ItemNotFound(protectedItemName);
                var rp = i.RecoveryPoints.FirstOrDefault(r => r.Name == recoveryPointId);
                return rp == null
                    ? ArmErrors.Result(404, "BMSUserErrorRecoveryPointNotFound", $"Recovery point '{recoveryPointId}' of '{i.FriendlyName}' was not found.", "List the item's recovery points to see their ids.")
                    : Results.Json(Render.RecoveryPoint(v, i, rp));
            }));
    }

    static IResult Enable(HttpContext ctx, EmulatorState state, VaultRecord v, string fabricName, string containerName, string itemName, JsonObject body)
    {
        if (CheckFabric(fabricName) is { } bad) return bad;
        var properties = Obj(body, "properties");
        if (properties == null) return ArmErrors.InvalidInput("The request body has no 'properties' object.");
        // The spec's discriminator, or the walkthrough's pair of backupManagementType and workloadType.
        var itemType = Str(properties, "protectedItemType");
        var byDiscriminator = string.Equals(itemType, "AzureVmWorkloadSQLDatabase", StringComparison.OrdinalIgnoreCase);
        var byPair = string.Equals(Str(properties, "backupManagementType"), "AzureWorkload", StringComparison.OrdinalIgnoreCase)
                  && string.Equals(Str(properties, "workloadType"), "SQLDataBase", StringComparison.OrdinalIgnoreCase);
        if (itemType != null && !byDiscriminator)
            return ArmErrors.InvalidInput($"Protected item type '{itemType}' cannot be protected in a VMAppContainer.", "Use 'AzureVmWorkloadSQLDatabase'.");
        if (!byDiscriminator && !byPair)
            return ArmErrors.InvalidInput("The request names no item type.", "Set 'protectedItemType' to 'AzureVmWorkloadSQLDatabase', or 'backupManagementType' to 'AzureWorkload' and 'workloadType' to 'SQLDataBase'.");
        var policyId = Str(properties, "policyId");
        if (string.IsNullOrEmpty(policyId)) return ArmErrors.InvalidInput("'properties.policyId' is required.", "Use the id of a policy of this vault.");
        if (!policyId.StartsWith(v.Id + "/backupPolicies/", StringComparison.OrdinalIgnoreCase) || !v.Policies.TryGetValue(Render.PolicyName(policyId), out var policy))
            return ArmErrors.InvalidInput($"Policy '{policyId}' is not a policy of vault '{v.Name}'.", "List the vault's policies and use the id of one of them.");
        if (!string.Equals(policy.BackupManagementType, "AzureWorkload", StringComparison.OrdinalIgnoreCase))
            return ArmErrors.InvalidInput($"Policy '{policy.Name}' is for {policy.BackupManagementType}, not for SQL databases in Azure VMs.");

        if (!v.Containers.TryGetValue(containerName, out var c) || c.RegistrationStatus != "Registered") return ArmErrors.ContainerNotFound(containerName);
        var protectable = c.Inquired ? Render.ProtectableItems(v, c).FirstOrDefault(i => string.Equals(i.Name, itemName, StringComparison.OrdinalIgnoreCase)) : default;
        if (protectable.Name == null || protectable.Type != "SQLDataBase") return ArmErrors.ItemNotFound(itemName);
        var relative = $"backupFabrics/Azure/protectionContainers/{c.Name}/protectedItems/{itemName}";
        if (state.RunningOperation(v, OperationKind.EnableProtection, c.Name, itemName) is { } running)
        {
            // The same PUT again while it runs is the same operation; another policy is a conflict.
            var pendingPolicy = v.PendingItems.TryGetValue(VaultRecord.ItemKey(c.Name, itemName), out var staged) ? staged.PolicyId : null;
            if (pendingPolicy != null && !string.Equals(pendingPolicy, policyId, StringComparison.OrdinalIgnoreCase))
                return ArmErrors.Conflict("BMSUserErrorConfigureProtectionInProgress", $"Protection of '{itemName}' is already being configured with another policy.", "Wait for the operation in progress to finish.");
            return Responses.Accepted(ctx, state, running,
                Responses.PollUrl(ctx, v, relative, "operationResults", running.Id),
                Responses.PollUrl(ctx, v, relative, "operationsStatus", running.Id));
        }

        var key = VaultRecord.ItemKey(c.Name, itemName);
        if (v.ProtectedItems.TryGetValue(key, out var existing))
            existing.PolicyId = policyId;
        else
        {
            var props = (JsonObject)protectable.Body["properties"]!;
            v.PendingItems[key] = new ProtectedItemRecord
            {
                ContainerName = c.Name,
                Name = itemName,
                FriendlyName = props["friendlyName"]!.GetValue<string>(),
                ServerName = props["serverName"]!.GetValue<string>(),
                ParentName = props["parentName"]!.GetValue<string>(),
                PolicyId = policyId,
                DataSourceId = state.NextDataSourceId(),
            };
        }
        var op = state.StartOperation(v, OperationKind.EnableProtection, container: c.Name, item: itemName, plannedOutcome: Responses.PlannedOutcome(ctx));
        return Responses.Accepted(ctx, state, op,
            Responses.PollUrl(ctx, v, relative, "operationResults", op.Id),
            Responses.PollUrl(ctx, v, relative, "operationsStatus", op.Id));
    }

    static IResult Trigger(HttpContext ctx, EmulatorState state, VaultRecord v, string fabricName, string containerName, string itemName, JsonObject body)
    {
        if (CheckFabric(fabricName) is { } bad) return bad;
        if (!v.ProtectedItems.TryGetValue(VaultRecord.ItemKey(containerName, itemName), out var item)) return ArmErrors.ItemNotFound(itemName);
        var properties = Obj(body, "properties");
        var objectType = Str(properties, "objectType");
        if (objectType == null) return ArmErrors.InvalidInput("'properties.objectType' is required.", "Use 'AzureWorkloadBackupRequest' for a SQL database.");
        if (!string.Equals(objectType, "AzureWorkloadBackupRequest", StringComparison.OrdinalIgnoreCase))
            return ArmErrors.InvalidInput($"Backup request '{objectType}' does not fit a SQL database in an Azure VM.", "Use 'AzureWorkloadBackupRequest'.");
        var backupType = Str(properties, "backupType");
        var canonical = SqlBackupTypes.FirstOrDefault(t => string.Equals(t, backupType, StringComparison.OrdinalIgnoreCase));
        if (canonical == null)
            return ArmErrors.InvalidInput($"Backup type '{backupType ?? "(none)"}' is not valid for a SQL database.", $"Use one of: {string.Join(", ", SqlBackupTypes)}.");
        if (v.Jobs.Values.Any(j => j.Status == "InProgress" && string.Equals(j.ContainerName, item.ContainerName, StringComparison.OrdinalIgnoreCase) && string.Equals(j.ItemName, item.Name, StringComparison.OrdinalIgnoreCase)))
            return ArmErrors.Conflict("UserErrorBackupOperationInProgress", $"A backup of '{item.FriendlyName}' is already in progress.", "Wait for the running backup job to finish.");

        var now = state.Now;
        var planned = Responses.PlannedOutcome(ctx);
        if (planned != null)
        {
            // The trigger itself fails: no job is ever created.
            var failed = state.StartOperation(v, OperationKind.Backup, container: item.ContainerName, item: item.Name, plannedOutcome: planned);
            var failedRelative = $"backupFabrics/Azure/protectionContainers/{item.ContainerName.ToLowerInvariant()}/protectedItems/{item.Name}";
            return Responses.Accepted(ctx, state, failed,
                Responses.PollUrl(ctx, v, failedRelative, "operationResults", failed.Id),
                Responses.PollUrl(ctx, v, failedRelative, "operationsStatus", failed.Id));
        }
        var job = new JobRecord
        {
            Id = Guid.NewGuid().ToString(),
            ContainerName = item.ContainerName,
            ItemName = item.Name,
            EntityFriendlyName = item.FriendlyName,
            BackupType = canonical,
            StartTime = now,
            CompletesAt = now + state.Settings.JobDuration,
        };
        v.Jobs[job.Id] = job;
        state.Ledger.Record(now, Faults.Ledger.BackupStarted, VaultRecord.ItemKey(item.ContainerName, item.Name), job.Id);
        state.Ledger.Record(now, Faults.Ledger.JobCreated, job.Id, VaultRecord.ItemKey(item.ContainerName, item.Name));
        var op = state.StartOperation(v, OperationKind.Backup, container: item.ContainerName, item: item.Name);
        op.JobId = job.Id;
        // As in the official example, the poll URLs spell the container differently from the request (here: lower case).
        var relative = $"backupFabrics/Azure/protectionContainers/{item.ContainerName.ToLowerInvariant()}/protectedItems/{item.Name}";
        return Responses.Accepted(ctx, state, op,
            Responses.PollUrl(ctx, v, relative, "operationResults", op.Id),
            Responses.PollUrl(ctx, v, relative, "operationsStatus", op.Id));
    }
}
