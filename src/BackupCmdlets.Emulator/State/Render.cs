using System.Globalization;
using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Seed;

namespace BackupCmdlets.Emulator.State;

/// <summary>Resource bodies in the shapes of the spec's examples and the published walkthrough.</summary>
public static class Render
{
    const string Fabric = "backupFabrics/Azure";

    static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string ContainerId(VaultRecord v, string container) => $"{v.Id}/{Fabric}/protectionContainers/{container}";
    public static string ProtectedItemId(VaultRecord v, string container, string item) => $"{ContainerId(v, container)}/protectedItems/{item}";

    public static JsonObject Vault(VaultRecord v) => new()
    {
        ["id"] = v.Id,
        ["name"] = v.Name,
        ["type"] = "Microsoft.RecoveryServices/vaults",
        ["location"] = v.Location,
        ["sku"] = new JsonObject { ["name"] = "Standard" },
        ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded" },
    };

    public static JsonObject Policy(VaultRecord v, PolicyRecord p)
    {
        var properties = (JsonObject)p.Properties.DeepClone();
        properties["protectedItemsCount"] = v.ProtectedItems.Values.Count(i => PolicyName(i.PolicyId) == p.Name);
        return new JsonObject
        {
            ["id"] = $"{v.Id}/backupPolicies/{p.Name}",
            ["name"] = p.Name,
            ["type"] = "Microsoft.RecoveryServices/vaults/backupPolicies",
            ["properties"] = properties,
        };
    }

    public static string PolicyName(string policyId) => policyId.TrimEnd('/').Split('/').Last();

    public static JsonObject ProtectableContainer(VaultRecord v, SeedVirtualMachine vm, string vmId)
    {
        var name = EmulatorState.ContainerNameFor(vm);
        return new JsonObject
        {
            ["id"] = $"{v.Id}/{Fabric}/protectableContainers/{name}",
            ["name"] = name,
            ["type"] = "Microsoft.RecoveryServices/vaults/backupFabrics/protectableContainers",
            ["properties"] = new JsonObject
            {
                ["friendlyName"] = vm.Name,
                ["backupManagementType"] = "AzureWorkload",
                ["protectableContainerType"] = "VMAppContainer",
                ["healthStatus"] = "Healthy",
                ["containerId"] = vmId,
            },
        };
    }

    public static JsonObject Container(VaultRecord v, ContainerRecord c)
    {
        var properties = new JsonObject
        {
            ["sourceResourceId"] = c.VmId,
            ["lastUpdatedTime"] = Time(c.LastUpdated),
            ["friendlyName"] = c.Vm.Name,
            ["backupManagementType"] = "AzureWorkload",
            ["registrationStatus"] = c.RegistrationStatus,
            ["healthStatus"] = "Healthy",
            ["containerType"] = "VMAppContainer",
            ["protectableObjectType"] = "VMAppContainer",
            ["workloadType"] = c.WorkloadType,
        };
        if (c.Inquired)
        {
            properties["extendedInfo"] = new JsonObject
            {
                ["hostServerName"] = c.Vm.HostServerName ?? c.Vm.Name,
                ["nodesList"] = new JsonArray(),
                ["inquiryInfo"] = new JsonObject
                {
                    ["status"] = "Success",
                    ["errorDetail"] = SuccessDetail(),
                    ["inquiryDetails"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "SQL",
                        ["itemCount"] = c.Vm.SqlInstances.Sum(i => i.Databases.Count + 1),
                        ["inquiryValidation"] = new JsonObject { ["status"] = "Success", ["errorDetail"] = SuccessDetail() },
                    }),
                },
            };
        }
        return new JsonObject
        {
            ["id"] = ContainerId(v, c.Name),
            ["name"] = c.Name,
            ["type"] = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers",
            ["properties"] = properties,
        };
    }

    static JsonObject SuccessDetail() => new() { ["code"] = "Success", ["message"] = "", ["recommendations"] = new JsonArray("") };

    /// <summary>The protectable items an inquiry of <paramref name="c"/> found: each SQL instance and its databases.</summary>
    public static IEnumerable<(string Name, string Type, JsonObject Body)> ProtectableItems(VaultRecord v, ContainerRecord c)
    {
        var server = c.Vm.HostServerName ?? c.Vm.Name;
        foreach (var instance in c.Vm.SqlInstances)
        {
            var instanceName = $"sqlinstance;{instance.Name.ToLowerInvariant()}";
            yield return (instanceName, "SQLInstance", ProtectableItem(v, c, instanceName, "SQLInstance", instance.Name, server, server, instance.Databases.Count));
            foreach (var db in instance.Databases)
            {
                var name = $"sqldatabase;{instance.Name.ToLowerInvariant()};{db.ToLowerInvariant()}";
                yield return (name, "SQLDataBase", ProtectableItem(v, c, name, "SQLDataBase", db, instance.Name, server, 0));
            }
        }
    }

    static JsonObject ProtectableItem(VaultRecord v, ContainerRecord c, string name, string type, string friendly, string parent, string server, int children)
    {
        var protectedNow = v.ProtectedItems.ContainsKey(VaultRecord.ItemKey(c.Name, name));
        return new JsonObject
        {
            ["id"] = $"{ContainerId(v, c.Name)}/protectableItems/{name}",
            ["name"] = name,
            ["type"] = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectableItems",
            ["properties"] = new JsonObject
            {
                ["parentName"] = parent,
                ["serverName"] = server,
                ["isAutoProtectable"] = false,
                ["subinquireditemcount"] = children,
                ["subprotectableitemcount"] = children,
                ["backupManagementType"] = "AzureWorkload",
                ["workloadType"] = "SQLDataBase",
                ["protectableItemType"] = type,
                ["friendlyName"] = friendly,
                ["protectionState"] = protectedNow ? "Protected" : "NotProtected",
            },
        };
    }

    public static JsonObject ProtectedItem(VaultRecord v, ProtectedItemRecord i)
    {
        var vmResourceGroup = i.ContainerName.Split(';')[2]; // VMAppContainer;Compute;{group};{vm}
        var properties = new JsonObject
        {
            ["friendlyName"] = i.FriendlyName,
            ["serverName"] = i.ServerName,
            ["parentName"] = i.ParentName,
            ["parentType"] = "AzureVmWorkloadSQLInstance",
            ["protectionStatus"] = "Healthy",
            ["protectionState"] = i.ProtectionState,
            ["lastBackupStatus"] = i.LastBackupStatus,
            ["lastBackupErrorDetail"] = new JsonObject { ["code"] = "Success", ["message"] = "" },
            ["protectedItemDataSourceId"] = i.DataSourceId,
            ["protectedItemHealthStatus"] = i.HealthStatus,
            ["extendedInfo"] = new JsonObject
            {
                ["recoveryPointCount"] = i.RecoveryPoints.Count,
                ["policyState"] = "Consistent",
            },
            ["protectedItemType"] = "AzureVmWorkloadSQLDatabase",
            ["backupManagementType"] = "AzureWorkload",
            ["workloadType"] = "SQLDataBase",
            ["containerName"] = i.ContainerName,
            ["sourceResourceId"] = $"/subscriptions/{v.SubscriptionId}/resourceGroups/{vmResourceGroup}/providers/VMAppContainer/{i.ContainerName.Split(';').Last()}",
            ["policyId"] = i.PolicyId,
            ["policyName"] = PolicyName(i.PolicyId),
        };
        if (i.LastBackupTime is { } last)
        {
            properties["lastBackupTime"] = Time(last);
            properties["lastRecoveryPoint"] = Time(last);
            ((JsonObject)properties["extendedInfo"]!)["oldestRecoveryPoint"] = Time(i.RecoveryPoints.Min(r => r.Time));
        }
        return new JsonObject
        {
            ["id"] = ProtectedItemId(v, i.ContainerName, i.Name),
            ["name"] = i.Name,
            ["type"] = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems",
            ["properties"] = properties,
        };
    }

    public static JsonObject OperationStatus(OperationRecord op)
    {
        var body = new JsonObject
        {
            ["id"] = op.Id,
            ["name"] = op.Id,
            ["status"] = op.Status,
            ["startTime"] = Time(op.StartedAt),
        };
        if (op.EndedAt is { } end) body["endTime"] = Time(end);
        if (op.ErrorCode != null) body["error"] = new JsonObject { ["code"] = op.ErrorCode, ["message"] = op.ErrorMessage };
        if (op.Kind == OperationKind.Backup && op.Status == "Succeeded" && op.JobId != null)
            body["properties"] = new JsonObject { ["objectType"] = "OperationStatusJobExtendedInfo", ["jobId"] = op.JobId };
        return body;
    }

    public static JsonObject Job(VaultRecord v, JobRecord j, DateTimeOffset now)
    {
        var end = j.EndTime ?? now;
        var properties = new JsonObject
        {
            ["jobType"] = "AzureWorkloadJob",
            ["workloadType"] = j.WorkloadType,
            ["duration"] = System.Xml.XmlConvert.ToString(end - j.StartTime),
            ["extendedInfo"] = new JsonObject
            {
                ["tasksList"] = new JsonArray(new JsonObject
                {
                    ["taskId"] = "Transfer data to vault",
                    ["duration"] = System.Xml.XmlConvert.ToString(end - j.StartTime),
                    ["status"] = j.Status,
                }),
                ["propertyBag"] = new JsonObject
                {
                    ["Backup Type"] = j.BackupType,
                    ["Container Name"] = j.ContainerName,
                },
            },
            ["entityFriendlyName"] = j.EntityFriendlyName,
            ["backupManagementType"] = j.BackupManagementType,
            ["operation"] = j.Operation,
            ["status"] = j.Status,
            ["startTime"] = Time(j.StartTime),
            ["activityId"] = j.Id,
        };
        if (j.EndTime is { } e) properties["endTime"] = Time(e);
        return new JsonObject
        {
            ["id"] = $"{v.Id}/backupJobs/{j.Id}",
            ["name"] = j.Id,
            ["type"] = "Microsoft.RecoveryServices/vaults/backupJobs",
            ["properties"] = properties,
        };
    }

    public static JsonObject RecoveryPoint(VaultRecord v, ProtectedItemRecord i, RecoveryPointRecord rp) => new()
    {
        ["id"] = $"{ProtectedItemId(v, i.ContainerName, i.Name)}/recoveryPoints/{rp.Name}",
        ["name"] = rp.Name,
        ["type"] = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints",
        ["properties"] = new JsonObject
        {
            ["objectType"] = "AzureWorkloadSQLRecoveryPoint",
            ["recoveryPointTimeInUTC"] = Time(rp.Time),
            ["type"] = rp.Type,
        },
    };
}
