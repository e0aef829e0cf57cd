using System.Globalization;
using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Infrastructure;
using static BackupCmdlets.Emulator.Endpoints.VaultScope;

namespace BackupCmdlets.Emulator.State;

/// <summary>
/// What a restore request must say, per workload, from the spec's request types: the request kind
/// fits the item and the point (a point in time only on the log chain's point, inside one of its
/// ranges), the source is the item's own, and the target exists and is complete.
/// </summary>
public static class RestoreRules
{
    const string SqlFull = "AzureWorkloadSQLRestoreRequest";
    const string SqlPointInTime = "AzureWorkloadSQLPointInTimeRestoreRequest";

    /// <summary>Refuses a malformed or impossible request; else null, with the database a SQL restore creates (if any).</summary>
    public static IResult? Check(EmulatorState state, VaultRecord v, ProtectedItemRecord item, string recoveryPointId, JsonObject p, out RestoredDatabase? target)
    {
        target = null;
        var objectType = Str(p, "objectType");
        var expected = item.Workload == Workload.Sql ? $"'{SqlFull}' or '{SqlPointInTime}'"
            : item.Workload == Workload.Vm ? "'IaasVMRestoreRequest'" : "'AzureFileShareRestoreRequest'";
        if (objectType == null) return ArmErrors.InvalidInput("'properties.objectType' is required.", $"Use {expected} for this item.");
        if (item.Workload == Workload.Sql) return Sql(state, v, item, recoveryPointId, objectType, p, expected, out target);
        if (item.Workload == Workload.Vm) return !Is(objectType, "IaasVMRestoreRequest") ? WrongKind(objectType, item, expected) : Vm(state, v, item, recoveryPointId, p);
        return !Is(objectType, "AzureFileShareRestoreRequest") ? WrongKind(objectType, item, expected) : FileShare(state, item, p);
    }

    static bool Is(string? a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    static IResult WrongKind(string objectType, ProtectedItemRecord item, string expected) =>
        ArmErrors.InvalidInput($"Restore request '{objectType}' does not fit '{item.FriendlyName}', a {item.Workload.ProtectedItemType} item.", $"Use {expected}.");

    static IResult? Sql(EmulatorState state, VaultRecord v, ProtectedItemRecord item, string recoveryPointId, string objectType, JsonObject p, string expected, out RestoredDatabase? target)
    {
        target = null;
        if (!Is(objectType, SqlFull) && !Is(objectType, SqlPointInTime)) return WrongKind(objectType, item, expected);
        var onRange = Is(recoveryPointId, EmulatorState.RangePointName);
        if (Is(objectType, SqlPointInTime) != onRange)
            return onRange
                ? ArmErrors.InvalidInput($"Recovery point '{recoveryPointId}' is the log chain: restoring from it needs a '{SqlPointInTime}' with a pointInTime.")
                : ArmErrors.InvalidInput($"A '{SqlPointInTime}' restores from the log chain, recovery point '{EmulatorState.RangePointName}', not from '{recoveryPointId}'.", $"Use '{SqlFull}' to restore a full or differential point.");
        if (onRange)
        {
            var text = Str(p, "pointInTime");
            if (text == null) return ArmErrors.InvalidInput("'properties.pointInTime' is required in a point-in-time restore.");
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
                return ArmErrors.InvalidInput($"'properties.pointInTime' '{text}' is not a date and time.", "Use the ISO 8601 form, for example 2030-01-31T10:15:00Z.");
            var ranges = EmulatorState.LogRanges(item);
            if (!ranges.Any(r => when >= r.Start && when <= r.End))
                return ArmErrors.Result(400, "UserErrorPointInTimeNotInLogRange", $"Point in time {when.UtcDateTime:u} is not inside any log range of '{item.FriendlyName}'.",
                    $"Restorable ranges: {string.Join(", ", ranges.Select(r => $"{r.Start.UtcDateTime:u} to {r.End.UtcDateTime:u}"))}.");
        }

        var recoveryType = Str(p, "recoveryType");
        if (!Is(recoveryType, "OriginalLocation") && !Is(recoveryType, "AlternateLocation"))
            return ArmErrors.InvalidInput($"'properties.recoveryType' '{recoveryType ?? "(none)"}' is not valid for a SQL database.", "Use 'OriginalLocation' or 'AlternateLocation'.");
        var sourceId = Str(p, "sourceResourceId");
        if (!Is(sourceId, item.Container.SourceId))
            return ArmErrors.InvalidInput(sourceId == null ? "'properties.sourceResourceId' is required." : $"'properties.sourceResourceId' '{sourceId}' is not the VM of '{item.FriendlyName}'.", $"Use '{item.Container.SourceId}'.");
        var mode = Str(p, "recoveryMode");
        if (mode != null && !Is(mode, "FileRecovery") && !Is(mode, "WorkloadRecovery"))
            return ArmErrors.InvalidInput($"'properties.recoveryMode' '{mode}' is not valid for a SQL database.", "Use 'WorkloadRecovery' or 'FileRecovery'.");
        var info = Obj(p, "targetInfo");
        var overwrite = Str(info, "overwriteOption");
        if (overwrite != null && !Is(overwrite, "Overwrite") && !Is(overwrite, "FailOnConflict"))
            return ArmErrors.InvalidInput($"'properties.targetInfo.overwriteOption' '{overwrite}' is not valid.", "Use 'Overwrite' or 'FailOnConflict'.");

        if (Is(recoveryType, "OriginalLocation"))
        {
            if (Is(mode, "FileRecovery")) return ArmErrors.InvalidInput("A restore as files needs recoveryType 'AlternateLocation' and a target VM.");
            // The original database exists: restoring over it is an overwrite, and the request must say so.
            if (!Is(overwrite, "Overwrite"))
                return ArmErrors.Result(400, "UserErrorDatabaseAlreadyExists", $"Database '{item.FriendlyName}' exists on '{item.ServerName}': restoring to the original location overwrites it.", "Set 'targetInfo.overwriteOption' to 'Overwrite'.");
            return null;
        }

        if (info == null) return ArmErrors.InvalidInput("'properties.targetInfo' is required to restore to another location.", "Give the target container's id and the database name (instance/database), or a directory for a restore as files.");
        var containerId = Str(info, "containerId");
        if (string.IsNullOrEmpty(containerId)) return ArmErrors.InvalidInput("'properties.targetInfo.containerId' is required to restore to another location.", "Use the id of a registered VM (VMAppContainer) of this vault.");
        var containerName = containerId.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        if (!containerId.StartsWith(v.Id + "/", StringComparison.OrdinalIgnoreCase)
            || !v.Containers.TryGetValue(containerName, out var container) || container.Workload != Workload.Sql || container.RegistrationStatus != "Registered" || container.Vm == null)
            return ArmErrors.InvalidInput($"'properties.targetInfo.containerId' '{containerId}' is not a VM registered with vault '{v.Name}' for SQL databases.", "Register the target VM first (Register-BackupContainer).");
        var targetVmId = Str(p, "targetVirtualMachineId");
        if (targetVmId != null && !Is(targetVmId, container.SourceId))
            return ArmErrors.InvalidInput($"'properties.targetVirtualMachineId' '{targetVmId}' is not the VM of container '{container.Name}'.", $"Use '{container.SourceId}'.");

        if (Is(mode, "FileRecovery"))
        {
            var directory = Str(info, "targetDirectoryForFileRestore");
            if (string.IsNullOrWhiteSpace(directory))
                return ArmErrors.InvalidInput("'properties.targetInfo.targetDirectoryForFileRestore' is required to restore as files.", @"Give a directory on the target VM, for example F:\Restore.");
            return null;
        }

        var databaseName = Str(info, "databaseName");
        var parts = databaseName?.Split('/') ?? [];
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
            return ArmErrors.InvalidInput($"'properties.targetInfo.databaseName' '{databaseName ?? "(none)"}' is not of the form instance/database.", "For example MSSQLSERVER/SalesDB_restored.");
        var instance = container.Vm.SqlInstances.FirstOrDefault(s => Is(s.Name, parts[0]));
        if (instance == null)
            return ArmErrors.InvalidInput($"VM '{container.FriendlyName}' has no SQL instance '{parts[0]}'.", $"Instances on it: {string.Join(", ", container.Vm.SqlInstances.Select(s => s.Name).DefaultIfEmpty("(none)"))}.");
        var exists = instance.Databases.Contains(parts[1], StringComparer.OrdinalIgnoreCase)
            || state.UnseenDatabases.Any(d => d.Instance == instance && Is(d.Database, parts[1]))
            || state.RestoreTargets.Values.Any(d => d.Instance == instance && Is(d.Database, parts[1]));
        if (exists && !Is(overwrite, "Overwrite"))
            return ArmErrors.Result(400, "UserErrorDatabaseAlreadyExists", $"Database '{parts[1]}' already exists on {container.FriendlyName}\\{instance.Name}.", "Choose another name, or set 'targetInfo.overwriteOption' to 'Overwrite'.");

        if (p["alternateDirectoryPaths"] is { } paths)
        {
            if (paths is not JsonArray list) return ArmErrors.InvalidInput("'properties.alternateDirectoryPaths' must be an array.");
            var logical = Render.LogicalNames(item);
            foreach (var entry in list)
            {
                var mapping = entry as JsonObject;
                var type = Str(mapping, "mappingType");
                if (!Is(type, "Data") && !Is(type, "Log"))
                    return ArmErrors.InvalidInput($"An alternateDirectoryPaths entry has mappingType '{type ?? "(none)"}'.", "Use 'Data' or 'Log'.");
                var name = Str(mapping, "sourceLogicalName");
                if (!logical.Contains(name, StringComparer.OrdinalIgnoreCase))
                    return ArmErrors.InvalidInput($"An alternateDirectoryPaths entry names source file '{name ?? "(none)"}', which is not a file of '{item.FriendlyName}'.", $"Its files: {string.Join(", ", logical)} (the recovery point's extendedInfo).");
                if (string.IsNullOrWhiteSpace(Str(mapping, "targetPath")))
                    return ArmErrors.InvalidInput($"The alternateDirectoryPaths entry for '{name}' has no targetPath.");
            }
        }
        target = new RestoredDatabase(container.Vm, instance, parts[1]);
        return null;
    }

    static IResult? Vm(EmulatorState state, VaultRecord v, ProtectedItemRecord item, string recoveryPointId, JsonObject p)
    {
        var recoveryType = Str(p, "recoveryType");
        if (recoveryType == null) return ArmErrors.InvalidInput("'properties.recoveryType' is required.", "Use 'RestoreDisks'.");
        if (!Is(recoveryType, "RestoreDisks"))
            return ArmErrors.InvalidInput($"Recovery type '{recoveryType}' is not offered by this emulator for a VM.", "Use 'RestoreDisks' with a storage account.");
        var pointInBody = Str(p, "recoveryPointId");
        if (pointInBody != null && !Is(pointInBody, recoveryPointId))
            return ArmErrors.InvalidInput($"'properties.recoveryPointId' '{pointInBody}' is not the recovery point of the request's path ('{recoveryPointId}').");
        var sourceId = Str(p, "sourceResourceId");
        if (!Is(sourceId, item.Container.SourceId))
            return ArmErrors.InvalidInput(sourceId == null ? "'properties.sourceResourceId' is required." : $"'properties.sourceResourceId' '{sourceId}' is not the VM of '{item.FriendlyName}'.", $"Use '{item.Container.SourceId}'.");
        if (StorageAccountError("storageAccountId", Str(p, "storageAccountId"), v.SubscriptionId) is { } bad) return bad;
        var region = Str(p, "region");
        if (string.IsNullOrEmpty(region)) return ArmErrors.InvalidInput("'properties.region' is required.", $"Use the vault's region, '{v.Location}'.");
        if (!Is(region, v.Location)) return ArmErrors.InvalidInput($"Disks are restored in the vault's region '{v.Location}', not '{region}'.", $"Use '{v.Location}'.");
        return null;
    }

    static IResult? FileShare(EmulatorState state, ProtectedItemRecord item, JsonObject p)
    {
        var recoveryType = Str(p, "recoveryType");
        if (!Is(recoveryType, "OriginalLocation") && !Is(recoveryType, "AlternateLocation"))
            return ArmErrors.InvalidInput($"'properties.recoveryType' '{recoveryType ?? "(none)"}' is not valid for a file share.", "Use 'OriginalLocation' or 'AlternateLocation'.");
        var sourceId = Str(p, "sourceResourceId");
        if (!Is(sourceId, item.Container.SourceId))
            return ArmErrors.InvalidInput(sourceId == null ? "'properties.sourceResourceId' is required." : $"'properties.sourceResourceId' '{sourceId}' is not the storage account of '{item.FriendlyName}'.", $"Use '{item.Container.SourceId}'.");
        var copy = Str(p, "copyOptions");
        string[] copyOptions = ["CreateCopy", "Skip", "Overwrite", "FailOnConflict"];
        if (!copyOptions.Any(c => Is(copy, c)))
            return ArmErrors.InvalidInput($"'properties.copyOptions' '{copy ?? "(none)"}' is not valid.", $"Use one of: {string.Join(", ", copyOptions)}.");
        var requestType = Str(p, "restoreRequestType");
        if (!Is(requestType, "FullShareRestore") && !Is(requestType, "ItemLevelRestore"))
            return ArmErrors.InvalidInput($"'properties.restoreRequestType' '{requestType ?? "(none)"}' is not valid.", "Use 'FullShareRestore' or 'ItemLevelRestore'.");
        if (Is(requestType, "ItemLevelRestore") && (p["restoreFileSpecs"] as JsonArray is not { Count: > 0 } specs || specs.Any(s => string.IsNullOrEmpty(Str(s as JsonObject, "path")))))
            return ArmErrors.InvalidInput("An item-level restore needs 'properties.restoreFileSpecs', each with a path.");
        if (Is(recoveryType, "AlternateLocation"))
        {
            var target = Obj(p, "targetDetails");
            var name = Str(target, "name");
            if (string.IsNullOrWhiteSpace(name)) return ArmErrors.InvalidInput("'properties.targetDetails.name' (the target file share) is required to restore to another share.");
            if (StorageAccountError("targetDetails.targetResourceId", Str(target, "targetResourceId"), state.Seed.SubscriptionId) is { } bad) return bad;
        }
        return null;
    }

    static IResult? StorageAccountError(string property, string? id, string subscriptionId)
    {
        if (string.IsNullOrEmpty(id)) return ArmErrors.InvalidInput($"'properties.{property}' is required.", "Use a storage account's id: /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{name}.");
        var parts = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 8 || !Is(parts[0], "subscriptions") || !Is(parts[2], "resourceGroups") || !Is(parts[4], "providers") || !Is(parts[5], "Microsoft.Storage") || !Is(parts[6], "storageAccounts"))
            return ArmErrors.InvalidInput($"'properties.{property}' '{id}' is not a storage account id.", "Use /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{name}.");
        return null;
    }
}
