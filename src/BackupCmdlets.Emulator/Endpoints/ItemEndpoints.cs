using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Emulator.State;
using static BackupCmdlets.Emulator.Endpoints.VaultScope;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>Protectable items, enabling protection, protected items, on-demand backup and recovery points.</summary>
public static class ItemEndpoints
{
    const string ItemPath = Prefix + "/backupFabrics/{fabricName}/protectionContainers/{containerName}/protectedItems/{protectedItemName}";

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet(Prefix + "/backupProtectableItems", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                var filter = Filter(ctx, out var error);
                if (filter == null) return error!;
                // Inquired databases and file shares, and every VM an AzureIaasVM refresh discovered.
                // Built on the first page only, lazily over a snapshot of the containers: a page renders what it holds.
                return Responses.Page(ctx, state, () => v.Containers.Values.Where(c => c.Inquired).ToArray()
                    .SelectMany(c => Render.ProtectableItems(v, c).Select(i => i.Body))
                    .Concat(state.DiscoveredVms(v, Workload.Vm.ManagementType).ToArray().Select(vm => Render.VmProtectableItem(v, vm, state.VmIdFor(vm)).Body))
                    .Where(i => ODataFilter.Matches(filter, "backupManagementType", Prop(i, "backupManagementType"))
                             && ODataFilter.Matches(filter, "workloadType", Prop(i, "workloadType"))
                             && ODataFilter.Matches(filter, "protectableItemType", Prop(i, "protectableItemType")))
                    .Select(i => (JsonNode)i));
            }));

        app.MapGet(Prefix + "/backupProtectedItems", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                var filter = Filter(ctx, out var error);
                if (filter == null) return error!;
                return Responses.Page(ctx, state, () => v.ProtectedItems.Values.ToArray()
                    .Where(i => ODataFilter.Matches(filter, "backupManagementType", i.Workload.ManagementType)
                             && ODataFilter.Matches(filter, "itemType", i.Workload.WorkloadType)
                             && ODataFilter.Matches(filter, "workloadType", i.Workload.WorkloadType)
                             && ODataFilter.Matches(filter, "policyName", Render.PolicyName(i.PolicyId)))
                    .Select(i => (JsonNode)Render.ProtectedItem(v, i)));
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
                    OperationKind.EnableProtection, OperationKind.Backup, OperationKind.Restore)));

        app.MapGet(ItemPath + "/operationsStatus/{operationId}", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName, string protectedItemName, string operationId) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
                OperationEndpoints.Status(ctx, state, v, operationId, OperationKind.EnableProtection, OperationKind.Backup, OperationKind.Restore)));

        app.MapGet(ItemPath + "/recoveryPoints", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName, string protectedItemName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                if (!v.ProtectedItems.TryGetValue(VaultRecord.ItemKey(containerName, protectedItemName), out var i)) return ArmErrors.ItemNotFound(protectedItemName);
                var filter = Filter(ctx, out var error);
                if (filter == null) return error!;
                // startDate eq '2017-01-01 00:00:00 AM' and endDate eq '...', as the jobs' time filter.
                if (!VaultEndpoints.JobTime(filter, "startDate", out var from) || !VaultEndpoints.JobTime(filter, "endDate", out var to))
                    return ArmErrors.InvalidInput("startDate and endDate must be of the form 'yyyy-MM-dd hh:mm:ss AM'.");
                // A SQL database's log backups show as one point-in-time point with its log ranges.
                var points = RecoveryPointQuery.List(v, i, filter, from, to, out var queryError);
                return queryError ?? Responses.Page(ctx, state, points!);
            }));

        app.MapGet(ItemPath + "/recoveryPoints/{recoveryPointId}", (string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName, string protectedItemName, string recoveryPointId) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                if (!v.ProtectedItems.TryGetValue(VaultRecord.ItemKey(containerName, protectedItemName), out var i)) return ArmErrors.ItemNotFound(protectedItemName);
                var rp = RecoveryPointQuery.Get(v, i, recoveryPointId);
                return rp == null
                    ? ArmErrors.Result(404, "BMSUserErrorRecoveryPointNotFound", $"Recovery point '{recoveryPointId}' of '{i.FriendlyName}' was not found.", "List the item's recovery points to see their ids.")
                    : Results.Json(rp);
            }));
    }

    static string Prop(JsonObject body, string name) => body["properties"]![name]!.GetValue<string>();

    static IResult Enable(HttpContext ctx, EmulatorState state, VaultRecord v, string fabricName, string containerName, string itemName, JsonObject body)
    {
        if (CheckFabric(fabricName) is { } bad) return bad;
        var properties = Obj(body, "properties");
        if (properties == null) return ArmErrors.InvalidInput("The request body has no 'properties' object.");
        if (LifecycleEndpoints.Handles(v, containerName, itemName, properties)) return LifecycleEndpoints.Put(ctx, state, v, containerName, itemName, properties);
        // The spec's discriminator, or the walkthrough's pair of backupManagementType and workloadType.
        var itemType = Str(properties, "protectedItemType");
        var workload = Workload.FromItemType(itemType, Str(properties, "backupManagementType"), Str(properties, "workloadType"));
        var kinds = string.Join(", ", Workload.All.Select(w => $"'{w.ProtectedItemType}'"));
        if (itemType != null && workload == null)
            return ArmErrors.InvalidInput($"Protected item type '{itemType}' cannot be protected in this vault.", $"Use one of: {kinds}.");
        if (workload == null)
            return ArmErrors.InvalidInput("The request names no item type.", $"Set 'protectedItemType' to one of {kinds}, or 'backupManagementType' and 'workloadType' (for example 'AzureWorkload' and 'SQLDataBase').");
        var policyId = Str(properties, "policyId");
        if (string.IsNullOrEmpty(policyId)) return ArmErrors.InvalidInput("'properties.policyId' is required.", "Use the id of a policy of this vault.");
        if (!policyId.StartsWith(v.Id + "/backupPolicies/", StringComparison.OrdinalIgnoreCase) || !v.Policies.TryGetValue(Render.PolicyName(policyId), out var policy))
            return ArmErrors.InvalidInput($"Policy '{policyId}' is not a policy of vault '{v.Name}'.", "List the vault's policies and use the id of one of them.");
        if (!string.Equals(policy.BackupManagementType, workload.ManagementType, StringComparison.OrdinalIgnoreCase))
            return ArmErrors.InvalidInput($"Policy '{policy.Name}' is for {policy.BackupManagementType}; a {workload.ProtectedItemType} item needs a {workload.ManagementType} policy.");

        var (container, friendly, server, parent, error) = Protectable(state, v, workload, containerName, itemName, Str(properties, "sourceResourceId"));
        if (error != null) return error;
        var relative = $"backupFabrics/Azure/protectionContainers/{container!.Name}/protectedItems/{itemName}";
        if (state.RunningOperation(v, OperationKind.EnableProtection, container.Name, itemName) is { } running)
        {
            // The same PUT again while it runs is the same operation; another policy is a conflict.
            var pendingPolicy = v.PendingItems.TryGetValue(VaultRecord.ItemKey(container.Name, itemName), out var staged) ? staged.PolicyId : null;
            if (pendingPolicy != null && !string.Equals(pendingPolicy, policyId, StringComparison.OrdinalIgnoreCase))
                return ArmErrors.Conflict("BMSUserErrorConfigureProtectionInProgress", $"Protection of '{itemName}' is already being configured with another policy.", "Wait for the operation in progress to finish.");
            return Responses.Accepted(ctx, state, running,
                Responses.PollUrl(ctx, v, relative, "operationResults", running.Id),
                Responses.PollUrl(ctx, v, relative, "operationsStatus", running.Id));
        }

        var key = VaultRecord.ItemKey(container.Name, itemName);
        if (v.ProtectedItems.TryGetValue(key, out var existing))
            existing.PolicyId = policyId;
        else
            v.PendingItems[key] = new ProtectedItemRecord
            {
                Workload = workload,
                Container = container,
                Name = itemName,
                FriendlyName = friendly!,
                ServerName = server,
                ParentName = parent,
                PolicyId = policyId,
                DataSourceId = state.NextDataSourceId(),
                HealthStatus = workload == Workload.Vm ? "Passed" : "IRPending", // a VM's healthStatus has no IRPending (spec's HealthStatus)
            };
        var op = state.StartOperation(v, OperationKind.EnableProtection, container: container.Name, item: itemName, plannedOutcome: Responses.PlannedOutcome(ctx));
        return Responses.Accepted(ctx, state, op,
            Responses.PollUrl(ctx, v, relative, "operationResults", op.Id),
            Responses.PollUrl(ctx, v, relative, "operationsStatus", op.Id));
    }

    /// <summary>
    /// The container and names of an item that can be protected: a database or share an inquiry found
    /// in a registered container, or a VM an AzureIaasVM refresh discovered (its container comes with it).
    /// </summary>
    static (ContainerRecord? Container, string? Friendly, string? Server, string? Parent, IResult? Error) Protectable(
        EmulatorState state, VaultRecord v, Workload workload, string containerName, string itemName, string? sourceId)
    {
        if (workload == Workload.Vm)
        {
            var vm = state.DiscoveredVms(v, Workload.Vm.ManagementType).FirstOrDefault(m => string.Equals(Names.VmContainer(m), containerName, StringComparison.OrdinalIgnoreCase));
            if (vm == null) return (null, null, null, null, ArmErrors.ContainerNotFound(containerName));
            if (!string.Equals(Names.VmItem(vm), itemName, StringComparison.OrdinalIgnoreCase)) return (null, null, null, null, ArmErrors.ItemNotFound(itemName));
            var vmId = state.VmIdFor(vm);
            if (string.IsNullOrEmpty(sourceId)) return (null, null, null, null, ArmErrors.InvalidInput("'properties.sourceResourceId' is required to protect a VM.", $"Use the VM's id '{vmId}'."));
            if (!string.Equals(sourceId, vmId, StringComparison.OrdinalIgnoreCase))
                return (null, null, null, null, ArmErrors.InvalidInput($"'properties.sourceResourceId' '{sourceId}' is not the VM of item '{itemName}'.", $"Use '{vmId}'."));
            var container = v.Containers.TryGetValue(Names.VmContainer(vm), out var known) ? known : new ContainerRecord
            {
                Name = Names.VmContainer(vm), Workload = workload, FriendlyName = vm.Name, SourceId = vmId, ResourceGroup = vm.ResourceGroup, Vm = vm,
            };
            return (container, vm.Name, null, null, null);
        }
        if (!v.Containers.TryGetValue(containerName, out var c) || c.RegistrationStatus != "Registered" || c.Workload != workload)
            return (null, null, null, null, ArmErrors.ContainerNotFound(containerName));
        var protectable = c.Inquired ? Render.ProtectableItems(v, c).FirstOrDefault(i => string.Equals(i.Name, itemName, StringComparison.OrdinalIgnoreCase)) : default;
        if (protectable.Name == null || protectable.Type != workload.ProtectableItemType) return (null, null, null, null, ArmErrors.ItemNotFound(itemName));
        if (workload == Workload.FileShare && !string.IsNullOrEmpty(sourceId) && !string.Equals(sourceId, c.SourceId, StringComparison.OrdinalIgnoreCase))
            return (null, null, null, null, ArmErrors.InvalidInput($"'properties.sourceResourceId' '{sourceId}' is not the storage account of share '{itemName}'.", $"Use '{c.SourceId}'."));
        var props = (JsonObject)protectable.Body["properties"]!;
        return (c, props["friendlyName"]!.GetValue<string>(), props["serverName"]?.GetValue<string>(), props["parentName"]?.GetValue<string>(), null);
    }

    static IResult Trigger(HttpContext ctx, EmulatorState state, VaultRecord v, string fabricName, string containerName, string itemName, JsonObject body)
    {
        if (CheckFabric(fabricName) is { } bad) return bad;
        if (!v.ProtectedItems.TryGetValue(VaultRecord.ItemKey(containerName, itemName), out var item)) return ArmErrors.ItemNotFound(itemName);
        if (LifecycleEndpoints.RefuseBackup(item) is { } stopped) return stopped;
        var workload = item.Workload;
        var properties = Obj(body, "properties");
        var objectType = Str(properties, "objectType");
        if (objectType == null) return ArmErrors.InvalidInput("'properties.objectType' is required.", $"Use '{workload.RequestType}' for this item.");
        if (!string.Equals(objectType, workload.RequestType, StringComparison.OrdinalIgnoreCase))
            return ArmErrors.InvalidInput($"Backup request '{objectType}' does not fit '{item.FriendlyName}', a {workload.ProtectedItemType} item.", $"Use '{workload.RequestType}'.");
        var policy = v.Policies.GetValueOrDefault(Render.PolicyName(item.PolicyId));
        if (BackupRules.Check(workload, policy, properties!, state.Now, out var backupType, out var expiry) is { } refused) return refused;
        if (v.Jobs.Values.Any(j => j.Status == "InProgress" && string.Equals(j.ContainerName, item.ContainerName, StringComparison.OrdinalIgnoreCase) && string.Equals(j.ItemName, item.Name, StringComparison.OrdinalIgnoreCase)))
            return ArmErrors.Conflict("UserErrorBackupOperationInProgress", $"A backup of '{item.FriendlyName}' is already in progress.", "Wait for the running backup job to finish.");

        var now = state.Now;
        // As in the official example, the poll URLs spell the container differently from the request:
        // a VM's as "iaasvmcontainer" instead of "iaasvmcontainerv2", others in lower case.
        static string V1(string name) => name.Replace(";iaasvmcontainerv2;", ";iaasvmcontainer;", StringComparison.OrdinalIgnoreCase);
        var pollContainer = workload == Workload.Vm ? V1(item.ContainerName) : item.ContainerName.ToLowerInvariant();
        var pollItem = workload == Workload.Vm ? V1(item.Name) : item.Name;
        var relative = $"backupFabrics/Azure/protectionContainers/{pollContainer}/protectedItems/{pollItem}";
        var planned = Responses.PlannedOutcome(ctx);
        if (planned != null)
        {
            // The trigger itself fails: no job is ever created.
            var failed = state.StartOperation(v, OperationKind.Backup, container: item.ContainerName, item: item.Name, plannedOutcome: planned);
            return Responses.Accepted(ctx, state, failed,
                Responses.PollUrl(ctx, v, relative, "operationResults", failed.Id),
                Responses.PollUrl(ctx, v, relative, "operationsStatus", failed.Id));
        }
        var job = new JobRecord
        {
            Id = Guid.NewGuid().ToString(),
            Workload = workload,
            ContainerName = item.ContainerName,
            ItemName = item.Name,
            EntityFriendlyName = item.FriendlyName,
            BackupType = backupType,
            RecoveryPointExpiry = expiry,
            StartTime = now,
            CompletesAt = now + state.Settings.JobDuration,
        };
        v.Jobs[job.Id] = job;
        state.Ledger.Record(now, Faults.Ledger.BackupStarted, VaultRecord.ItemKey(item.ContainerName, item.Name), job.Id);
        state.Ledger.Record(now, Faults.Ledger.JobCreated, job.Id, VaultRecord.ItemKey(item.ContainerName, item.Name));
        var op = state.StartOperation(v, OperationKind.Backup, container: item.ContainerName, item: item.Name);
        op.JobId = job.Id;
        return Responses.Accepted(ctx, state, op,
            Responses.PollUrl(ctx, v, relative, "operationResults", op.Id),
            Responses.PollUrl(ctx, v, relative, "operationsStatus", op.Id));
    }
}
