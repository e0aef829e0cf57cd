using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Emulator.State;
using static BackupCmdlets.Emulator.Endpoints.VaultScope;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>Discovery (refresh, protectable containers), registration and inquiry of VM containers.</summary>
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
                var containers = state.DiscoveredVms(v)
                    .Where(_ => ODataFilter.Matches(filter, "backupManagementType", "AzureWorkload"))
                    .Where(vm => !v.Containers.TryGetValue(EmulatorState.ContainerNameFor(vm), out var c) || c.RegistrationStatus != "Registered")
                    .Select(vm => (JsonNode)Render.ProtectableContainer(v, vm, state.VmIdFor(vm)));
                return Responses.Page(ctx, state, containers);
            }));

        app.MapGet(Prefix + "/backupProtectionContainers", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                var filter = Filter(ctx, out var error);
                if (filter == null) return error!;
                var containers = v.Containers.Values
                    .Where(c => ODataFilter.Matches(filter, "backupManagementType", "AzureWorkload")
                             && ODataFilter.Matches(filter, "registrationStatus", c.RegistrationStatus)
                             && ODataFilter.Matches(filter, "friendlyName", c.Vm.Name))
                    .Select(c => (JsonNode)Render.Container(v, c));
                return Responses.Page(ctx, state, containers);
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
                if (filter.TryGetValue("workloadType", out var workload) && !string.Equals(workload, "SQLDataBase", StringComparison.OrdinalIgnoreCase))
                    return ArmErrors.InvalidInput($"Workload type '{workload}' cannot be inquired on a VMAppContainer in this vault.", "Use workloadType eq 'SQLDataBase'.");
                if (!v.Containers.TryGetValue(containerName, out var c)) return ArmErrors.ContainerNotFound(containerName);
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
                OperationEndpoints.Result(ctx, state, v, operationId, $"backupFabrics/Azure/protectionContainers/{containerName}", OperationKind.Register, OperationKind.Inquire)));

        app.MapGet(ContainerPath + "/operationsStatus/{operationId}", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string fabricName, string containerName, string operationId) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
                OperationEndpoints.Status(ctx, state, v, operationId, OperationKind.Register, OperationKind.Inquire)));
    }

    static IResult Register(HttpContext ctx, EmulatorState state, VaultRecord v, string fabricName, string containerName, JsonObject body)
    {
        if (CheckFabric(fabricName) is { } bad) return bad;
        var properties = Obj(body, "properties");
        if (properties == null)
            return ArmErrors.InvalidInput("The request body has no 'properties' object.", "Send {\"properties\": {\"containerType\": ..., \"backupManagementType\": ..., \"sourceResourceId\": ...}}.");
        var containerType = Str(properties, "containerType");
        if (containerType == null) return ArmErrors.InvalidInput("'properties.containerType' is required.", "Use 'VMAppContainer' for a VM that runs SQL Server.");
        if (!string.Equals(containerType, "VMAppContainer", StringComparison.OrdinalIgnoreCase))
            return ArmErrors.InvalidInput($"Container type '{containerType}' cannot be registered in this vault.", "Use 'VMAppContainer'.");
        if (!string.Equals(Str(properties, "backupManagementType"), "AzureWorkload", StringComparison.OrdinalIgnoreCase))
            return ArmErrors.InvalidInput("'properties.backupManagementType' must be 'AzureWorkload' for a VMAppContainer.");
        var source = Str(properties, "sourceResourceId");
        if (string.IsNullOrEmpty(source)) return ArmErrors.InvalidInput("'properties.sourceResourceId' is required.", "Use the containerId of the protectable container.");
        var workload = Str(properties, "workloadType") ?? "SQLDataBase";
        if (!string.Equals(workload, "SQLDataBase", StringComparison.OrdinalIgnoreCase))
            return ArmErrors.InvalidInput($"Workload type '{workload}' is not supported for a VMAppContainer here.", "Use 'SQLDataBase'.");

        var vm = state.DiscoveredVms(v).FirstOrDefault(m => string.Equals(EmulatorState.ContainerNameFor(m), containerName, StringComparison.OrdinalIgnoreCase));
        if (vm == null)
            return ArmErrors.Result(404, "BMSUserErrorContainerObjectNotFound", $"Container '{containerName}' is not discoverable in this vault.",
                "Refresh the AzureWorkload fabric and use a name from the protectable containers list.");
        var vmId = state.VmIdFor(vm);
        var protectableId = $"{v.Id}/backupFabrics/Azure/protectableContainers/{EmulatorState.ContainerNameFor(vm)}";
        // The spec says the VM id; the walkthrough sends the protectable container id. Both name the same VM.
        if (!string.Equals(source, vmId, StringComparison.OrdinalIgnoreCase) && !string.Equals(source, protectableId, StringComparison.OrdinalIgnoreCase))
            return ArmErrors.InvalidInput($"'properties.sourceResourceId' '{source}' does not identify the VM of container '{containerName}'.", $"Use '{vmId}'.");
        var name = EmulatorState.ContainerNameFor(vm);
        var relative = $"backupFabrics/Azure/protectionContainers/{name}";
        // A PUT is idempotent: the same registration asked again while it runs is the same operation.
        if (state.RunningOperation(v, OperationKind.Register, containerName) is { } running)
            return Responses.Accepted(ctx, state, running,
                Responses.PollUrl(ctx, v, relative, "operationResults", running.Id),
                Responses.PollUrl(ctx, v, relative, "operationsStatus", running.Id, ApiVersions.RegisterStatusVersion));
        if (state.HasRunningOperation(v, OperationKind.Inquire, containerName))
            return ArmErrors.Conflict("BMSUserErrorContainerOperationInProgress", $"Another operation on container '{containerName}' is in progress.", "Wait for it to finish, then try again.");

        if (!v.Containers.TryGetValue(name, out var c))
            v.Containers[name] = c = new ContainerRecord { Name = name, Vm = vm, VmId = vmId, RegistrationStatus = "Registering", LastUpdated = state.Now };
        c.WorkloadType = "SQLDataBase";
        var op = state.StartOperation(v, OperationKind.Register, container: name, plannedOutcome: Responses.PlannedOutcome(ctx));
        // As in the official example, register's status URL carries a preview api-version.
        return Responses.Accepted(ctx, state, op,
            Responses.PollUrl(ctx, v, relative, "operationResults", op.Id),
            Responses.PollUrl(ctx, v, relative, "operationsStatus", op.Id, ApiVersions.RegisterStatusVersion));
    }
}
