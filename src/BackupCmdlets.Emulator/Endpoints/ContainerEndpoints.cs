using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Emulator.State;
using static BackupCmdlets.Emulator.Endpoints.VaultScope;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>Discovery (refresh, protectable containers), registration and inquiry of VM and storage account containers.</summary>
public static class ContainerEndpoints
{
    const string FabricPath = Prefix + "/backupFabrics/{fabricName}";
    const string ContainerPath = FabricPath + "/protectionContainers/{containerName}";

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapPost(FabricPath + "/refreshContainers", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                if (CheckFabric(fabricName) is { } bad) return bad;
                var filter = Filter(ctx, out var error);
                if (filter == null) return error!;
                var type = filter.GetValueOrDefault("backupManagementType") ?? "AzureWorkload";
                var workload = Workload.All.FirstOrDefault(w => string.Equals(w.ManagementType, type, StringComparison.OrdinalIgnoreCase));
                if (workload == null)
                    return ArmErrors.InvalidInput($"Backup management type '{type}' cannot be refreshed in this vault.", $"Use one of: {string.Join(", ", Workload.All.Select(w => w.ManagementType))}.");
                type = workload.ManagementType;
                var op = state.StartOperation(v, OperationKind.Refresh, managementType: type, plannedOutcome: Responses.PlannedOutcome(ctx));
                // Refresh answers with Location only (official example and walkthrough).
                return Responses.Accepted(ctx, state, op, Responses.PollUrl(ctx, v, "backupFabrics/Azure", "operationResults", op.Id), null);
            }));

        app.MapGet(FabricPath + "/operationResults/{operationId}", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string operationId) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
                OperationEndpoints.Result(ctx, state, v, operationId, "backupFabrics/Azure", OperationKind.Refresh)));

        app.MapGet(FabricPath + "/protectableContainers", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                if (CheckFabric(fabricName) is { } bad) return bad;
                var filter = Filter(ctx, out var error);
                if (filter == null) return error!;
                // Without a filter the service lists the AzureWorkload fabric, as the walkthrough's request does.
                var type = filter.GetValueOrDefault("backupManagementType") ?? "AzureWorkload";
                return Responses.Page(ctx, state, () =>
                {
                    var vms = state.DiscoveredVms(v).ToArray()
                        .Where(_ => string.Equals(type, Workload.Sql.ManagementType, StringComparison.OrdinalIgnoreCase))
                        .Select(vm => (Name: Names.SqlContainer(vm), Friendly: vm.Name, Workload: Workload.Sql, Source: state.VmIdFor(vm)));
                    var accounts = state.DiscoveredAccounts(v).ToArray()
                        .Where(_ => string.Equals(type, Workload.FileShare.ManagementType, StringComparison.OrdinalIgnoreCase))
                        .Select(a => (Name: Names.StorageContainer(a), Friendly: a.Name, Workload: Workload.FileShare, Source: state.AccountIdFor(a)));
                    return vms.Concat(accounts)
                        .Where(x => !v.Containers.TryGetValue(x.Name, out var c) || c.RegistrationStatus != "Registered")
                        .Select(x => (JsonNode)Render.ProtectableContainer(v, x.Name, x.Friendly, x.Workload, x.Source));
                });
            }));

        app.MapGet(Prefix + "/backupProtectionContainers", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                var filter = Filter(ctx, out var error);
                if (filter == null) return error!;
                return Responses.Page(ctx, state, () => v.Containers.Values.ToArray()
                    .Where(c => ODataFilter.Matches(filter, "backupManagementType", c.Workload.ManagementType)
                             && ODataFilter.Matches(filter, "registrationStatus", c.RegistrationStatus)
                             && ODataFilter.Matches(filter, "friendlyName", c.FriendlyName))
                    .Select(c => (JsonNode)Render.Container(v, c)));
            }));

        app.MapGet(ContainerPath, (string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
                CheckFabric(fabricName) ?? (v.Containers.TryGetValue(containerName, out var c)
                    ? Results.Json(Render.Container(v, c))
                    : ArmErrors.ContainerNotFound(containerName))));

        app.MapPut(ContainerPath, async (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName) =>
        {
            var (body, bodyError) = await ReadBody(ctx);
            return bodyError ?? Run(state, subscriptionId, resourceGroupName, vaultName, v => Register(ctx, state, v, fabricName, containerName, body!));
        });

        app.MapPost(ContainerPath + "/inquire", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                if (CheckFabric(fabricName) is { } bad) return bad;
                var filter = Filter(ctx, out var error);
                if (filter == null) return error!;
                if (!v.Containers.TryGetValue(containerName, out var c)) return ArmErrors.ContainerNotFound(containerName);
                if (c.Workload == Workload.Vm)
                    return ArmErrors.InvalidInput($"Container '{c.Name}' is an Azure VM; there is nothing inside it to inquire.", "Protect the VM itself: its protectable item is listed with backupManagementType eq 'AzureIaasVM'.");
                if (filter.TryGetValue("workloadType", out var workload) && !string.Equals(workload, c.Workload.WorkloadType, StringComparison.OrdinalIgnoreCase))
                    return ArmErrors.InvalidInput($"Workload type '{workload}' cannot be inquired on a {c.Workload.ContainerType} in this vault.", $"Use workloadType eq '{c.Workload.WorkloadType}'.");
                if (c.RegistrationStatus != "Registered")
                    return ArmErrors.InvalidInput($"Container '{c.Name}' is not registered (status '{c.RegistrationStatus}').", "Register the container and wait for the registration to finish.");
                var relative = $"backupFabrics/Azure/protectionContainers/{c.Name}";
                // The same inquiry asked again while it runs is the same operation.
                var op = state.RunningOperation(v, OperationKind.Inquire, c.Name)
                    ?? state.StartOperation(v, OperationKind.Inquire, container: c.Name, plannedOutcome: Responses.PlannedOutcome(ctx));
                return Responses.Accepted(ctx, state, op,
                    Responses.PollUrl(ctx, v, relative, "operationResults", op.Id),
                    Responses.PollUrl(ctx, v, relative, "operationsStatus", op.Id));
            }));

        app.MapGet(ContainerPath + "/operationResults/{operationId}", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName, string operationId) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
                OperationEndpoints.Result(ctx, state, v, operationId, $"backupFabrics/Azure/protectionContainers/{containerName}", OperationKind.Register, OperationKind.Inquire, OperationKind.Unregister)));

        app.MapGet(ContainerPath + "/operationsStatus/{operationId}", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName, string operationId) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
                OperationEndpoints.Status(ctx, state, v, operationId, OperationKind.Register, OperationKind.Inquire, OperationKind.Unregister)));
    }

    static IResult Register(HttpContext ctx, EmulatorState state, VaultRecord v, string fabricName, string containerName, JsonObject body)
    {
        if (CheckFabric(fabricName) is { } bad) return bad;
        var properties = Obj(body, "properties");
        if (properties == null)
            return ArmErrors.InvalidInput("The request body has no 'properties' object.", "Send {\"properties\": {\"containerType\": ..., \"backupManagementType\": ..., \"sourceResourceId\": ...}}.");
        var containerType = Str(properties, "containerType");
        if (containerType == null) return ArmErrors.InvalidInput("'properties.containerType' is required.", "Use 'VMAppContainer' for a VM that runs SQL Server, 'StorageContainer' for a storage account.");
        var workload = new[] { Workload.Sql, Workload.FileShare }.FirstOrDefault(w => string.Equals(w.ContainerType, containerType, StringComparison.OrdinalIgnoreCase));
        if (workload == null)
            return ArmErrors.InvalidInput($"Container type '{containerType}' cannot be registered in this vault.", "Use 'VMAppContainer' or 'StorageContainer'. Azure VMs are not registered: protect them directly.");
        if (!string.Equals(Str(properties, "backupManagementType"), workload.ManagementType, StringComparison.OrdinalIgnoreCase))
            return ArmErrors.InvalidInput($"'properties.backupManagementType' must be '{workload.ManagementType}' for a {workload.ContainerType}.");
        var source = Str(properties, "sourceResourceId");
        if (string.IsNullOrEmpty(source)) return ArmErrors.InvalidInput("'properties.sourceResourceId' is required.", "Use the containerId of the protectable container.");
        var workloadType = Str(properties, "workloadType");
        if (workloadType != null && !string.Equals(workloadType, workload.WorkloadType, StringComparison.OrdinalIgnoreCase))
            return ArmErrors.InvalidInput($"Workload type '{workloadType}' is not supported for a {workload.ContainerType} here.", $"Use '{workload.WorkloadType}'.");
        var storageLock = Str(properties, "acquireStorageAccountLock");
        if (storageLock != null && storageLock is not ("Acquire" or "NotAcquire"))
            return ArmErrors.InvalidInput($"'properties.acquireStorageAccountLock' '{storageLock}' is not valid.", "Use 'Acquire' or 'NotAcquire'.");

        var candidate = Discoverable(state, v, workload, containerName);
        if (candidate == null)
            return ArmErrors.Result(404, "BMSUserErrorContainerObjectNotFound", $"Container '{containerName}' is not discoverable in this vault.",
                $"Refresh the {workload.ManagementType} fabric and use a name from the protectable containers list.");
        var name = candidate.Name;
        var protectableId = $"{v.Id}/backupFabrics/Azure/protectableContainers/{name}";
        // The spec says the source's id; the walkthrough sends the protectable container id. Both name the same resource.
        if (!string.Equals(source, candidate.SourceId, StringComparison.OrdinalIgnoreCase) && !string.Equals(source, protectableId, StringComparison.OrdinalIgnoreCase))
            return ArmErrors.InvalidInput($"'properties.sourceResourceId' '{source}' does not identify the resource of container '{containerName}'.", $"Use '{candidate.SourceId}'.");
        var relative = $"backupFabrics/Azure/protectionContainers/{name}";
        // A PUT is idempotent: the same registration asked again while it runs is the same operation.
        if (state.RunningOperation(v, OperationKind.Register, containerName) is { } running)
            return Responses.Accepted(ctx, state, running,
                Responses.PollUrl(ctx, v, relative, "operationResults", running.Id),
                Responses.PollUrl(ctx, v, relative, "operationsStatus", running.Id, ApiVersions.RegisterStatusVersion));
        if (state.HasRunningOperation(v, OperationKind.Inquire, containerName))
            return ArmErrors.Conflict("BMSUserErrorContainerOperationInProgress", $"Another operation on container '{containerName}' is in progress.", "Wait for it to finish, then try again.");

        if (!v.Containers.TryGetValue(name, out var c))
        {
            candidate.RegistrationStatus = "Registering";
            candidate.LastUpdated = state.Now;
            v.Containers[name] = c = candidate;
        }
        c.WorkloadType = workload.WorkloadType;
        var op = state.StartOperation(v, OperationKind.Register, container: name, plannedOutcome: Responses.PlannedOutcome(ctx));
        // As in the official examples, register's status URL carries a preview api-version.
        return Responses.Accepted(ctx, state, op,
            Responses.PollUrl(ctx, v, relative, "operationResults", op.Id),
            Responses.PollUrl(ctx, v, relative, "operationsStatus", op.Id, ApiVersions.RegisterStatusVersion));
    }

    /// <summary>The container a refresh made discoverable under this name, as a new unregistered record.</summary>
    static ContainerRecord? Discoverable(EmulatorState state, VaultRecord v, Workload workload, string containerName)
    {
        if (workload == Workload.Sql)
        {
            var vm = state.DiscoveredVms(v).FirstOrDefault(m => string.Equals(Names.SqlContainer(m), containerName, StringComparison.OrdinalIgnoreCase));
            return vm == null ? null : new ContainerRecord
            {
                Name = Names.SqlContainer(vm), Workload = workload, FriendlyName = vm.Name, SourceId = state.VmIdFor(vm), ResourceGroup = vm.ResourceGroup, Vm = vm,
            };
        }
        var account = state.DiscoveredAccounts(v).FirstOrDefault(a => string.Equals(Names.StorageContainer(a), containerName, StringComparison.OrdinalIgnoreCase));
        return account == null ? null : new ContainerRecord
        {
            Name = Names.StorageContainer(account), Workload = workload, FriendlyName = account.Name, SourceId = state.AccountIdFor(account), ResourceGroup = account.ResourceGroup, Account = account,
        };
    }
}
