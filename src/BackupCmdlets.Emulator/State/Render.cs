using System.Globalization;
using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Seed;

namespace BackupCmdlets.Emulator.State;

/// <summary>Resource bodies in the shapes of the spec's examples and the published walkthrough.</summary>
public static partial class Render
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

    public static JsonObject ProtectableContainer(VaultRecord v, string name, string friendlyName, Workload workload, string sourceId) => new()
    {
        ["id"] = $"{v.Id}/{Fabric}/protectableContainers/{name}",
        ["name"] = name,
        ["type"] = "Microsoft.RecoveryServices/vaults/backupFabrics/protectableContainers",
        ["properties"] = new JsonObject
        {
            ["friendlyName"] = friendlyName,
            ["backupManagementType"] = workload.ManagementType,
            ["protectableContainerType"] = workload.ContainerType,
            ["healthStatus"] = "Healthy",
            ["containerId"] = sourceId,
        },
    };

    public static JsonObject Container(VaultRecord v, ContainerRecord c)
    {
        var properties = new JsonObject
        {
            ["friendlyName"] = c.FriendlyName,
            ["backupManagementType"] = c.Workload.ManagementType,
            ["registrationStatus"] = c.RegistrationStatus,
            ["healthStatus"] = "Healthy",
            ["containerType"] = c.Workload.ContainerType,
        };
        if (c.Workload != Workload.Vm) properties["sourceResourceId"] = c.SourceId;
        if (c.Workload == Workload.Sql)
        {
            properties["lastUpdatedTime"] = Time(c.LastUpdated); // AzureWorkloadContainer only: the other containers do not declare it
            properties["protectableObjectType"] = "VMAppContainer";
            properties["workloadType"] = c.WorkloadType;
            if (c.Ag != null) AvailabilityGroupContainer(v, c, properties);
            else if (c.Inquired) properties["extendedInfo"] = SqlInquiry(c);
        }
        else if (c.Workload == Workload.Vm)
        {
            // AzureIaaSComputeVMContainer (spec): the VM's id (not sourceResourceId), version and resource group.
            properties["virtualMachineId"] = c.SourceId;
            properties["virtualMachineVersion"] = "Compute";
            properties["resourceGroup"] = c.ResourceGroup;
        }
        else
        {
            // AzureStorageContainer (spec and the ProtectionContainers_Register example).
            properties["protectedItemCount"] = v.ProtectedItems.Values.Count(i => i.Container == c);
            properties["acquireStorageAccountLock"] = "Acquire";
            properties["storageAccountVersion"] = "Storage";
            properties["resourceGroup"] = c.ResourceGroup;
        }
        return new JsonObject
        {
            ["id"] = ContainerId(v, c.Name),
            ["name"] = c.Name,
            ["type"] = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers",
            ["properties"] = properties,
        };
    }

    static JsonObject SqlInquiry(ContainerRecord c) => new()
    {
        ["hostServerName"] = c.Vm!.HostServerName ?? c.Vm.Name,
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

    static JsonObject SuccessDetail() => new() { ["code"] = "Success", ["message"] = "", ["recommendations"] = new JsonArray("") };

    /// <summary>The protectable items an inquiry of <paramref name="c"/> found: each SQL instance and its databases, or the account's file shares.</summary>
    public static IEnumerable<(string Name, string Type, JsonObject Body)> ProtectableItems(VaultRecord v, ContainerRecord c)
    {
        if (c.Account is { } account)
        {
            foreach (var share in account.FileShares)
            {
                var name = Names.FileShareItem(share);
                var body = ProtectableItem(v, c.Name, name, Workload.FileShare, share, new JsonObject
                {
                    ["parentContainerFabricId"] = c.SourceId,
                    ["parentContainerFriendlyName"] = account.Name,
                    ["azureFileShareType"] = "XSMB",
                });
                yield return (name, Workload.FileShare.ProtectableItemType, body);
            }
            yield break;
        }
        if (c.Ag != null)
        {
            foreach (var item in AvailabilityGroupItems(v, c)) yield return item;
            yield break;
        }
        var vm = c.Vm!;
        var server = vm.HostServerName ?? vm.Name;
        foreach (var instance in vm.SqlInstances)
        {
            var instanceName = $"sqlinstance;{instance.Name.ToLowerInvariant()}";
            yield return (instanceName, "SQLInstance", SqlItem(v, c, instanceName, "SQLInstance", instance.Name, server, server, instance.Databases.Count));
            foreach (var db in instance.Databases)
            {
                var name = $"sqldatabase;{instance.Name.ToLowerInvariant()};{db.ToLowerInvariant()}";
                yield return (name, "SQLDataBase", SqlItem(v, c, name, "SQLDataBase", db, instance.Name, server, 0));
            }
        }
    }

    /// <summary>An Azure VM as the AzureIaasVM fabric lists it (BackupProtectableItems_List example), under the container its protection will create.</summary>
    public static (string Container, string Name, JsonObject Body) VmProtectableItem(VaultRecord v, SeedVirtualMachine vm, string vmId) =>
        (Names.VmContainer(vm), Names.VmItem(vm), ProtectableItem(v, Names.VmContainer(vm), Names.VmItem(vm), Workload.Vm, vm.Name, new JsonObject
        {
            ["virtualMachineId"] = vmId,
            ["virtualMachineVersion"] = "Compute",
            ["resourceGroup"] = vm.ResourceGroup,
        }));

    static JsonObject SqlItem(VaultRecord v, ContainerRecord c, string name, string type, string friendly, string parent, string server, int children)
    {
        var body = ProtectableItem(v, c.Name, name, Workload.Sql, friendly, new JsonObject
        {
            ["parentName"] = parent,
            ["serverName"] = server,
            ["isAutoProtectable"] = type != "SQLDataBase", // instances and availability groups (auto-protection intents)
            ["isAutoProtected"] = type != "SQLDataBase" && IsAutoProtected(v, c.Name, name),
            ["subinquireditemcount"] = children,
            ["subprotectableitemcount"] = children,
        });
        ((JsonObject)body["properties"]!)["protectableItemType"] = type;
        return body;
    }

    static JsonObject ProtectableItem(VaultRecord v, string container, string name, Workload workload, string friendly, JsonObject properties)
    {
        properties["backupManagementType"] = workload.ManagementType;
        properties["workloadType"] = workload.WorkloadType;
        properties["protectableItemType"] = workload.ProtectableItemType;
        properties["friendlyName"] = friendly;
        properties["protectionState"] = v.ProtectedItems.ContainsKey(VaultRecord.ItemKey(container, name)) ? "Protected" : "NotProtected";
        return new JsonObject
        {
            ["id"] = $"{ContainerId(v, container)}/protectableItems/{name}",
            ["name"] = name,
            ["type"] = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectableItems",
            ["properties"] = properties,
        };
    }

    public static JsonObject ProtectedItem(VaultRecord v, ProtectedItemRecord i)
    {
        var properties = new JsonObject
        {
            ["friendlyName"] = i.FriendlyName,
            ["protectionStatus"] = "Healthy",
            ["protectionState"] = i.ProtectionState,
            ["lastBackupStatus"] = i.LastBackupStatus,
            ["extendedInfo"] = new JsonObject
            {
                ["recoveryPointCount"] = i.RecoveryPoints.Count,
                // SQL and file share extended info say policyState; a VM's says policyInconsistent instead.
                [i.Workload == Workload.Vm ? "policyInconsistent" : "policyState"] = i.Workload == Workload.Vm ? false : "Consistent",
            },
            ["protectedItemType"] = i.Workload.ProtectedItemType,
            ["backupManagementType"] = i.Workload.ManagementType,
            ["workloadType"] = i.Workload.WorkloadType,
            ["containerName"] = i.Workload == Workload.Vm ? Names.ShortContainer(i.ContainerName) : i.ContainerName,
            // The walkthrough prints a SQL item's source as /subscriptions/{sub}/resourceGroups/{vm group}/providers/VMAppContainer/{vm}.
            ["sourceResourceId"] = i.Workload == Workload.Sql
                ? $"/subscriptions/{v.SubscriptionId}/resourceGroups/{i.Container.ResourceGroup}/providers/VMAppContainer/{i.Container.FriendlyName}"
                : i.Container.SourceId,
            ["policyId"] = i.PolicyId,
            ["policyName"] = PolicyName(i.PolicyId),
        };
        if (i.Workload == Workload.Sql)
        {
            properties["serverName"] = i.ServerName;
            properties["parentName"] = i.ParentName;
            properties["parentType"] = i.Container.Ag != null ? "AzureVmWorkloadSQLAvailabilityGroup" : "AzureVmWorkloadSQLInstance";
            properties["lastBackupErrorDetail"] = new JsonObject { ["code"] = "Success", ["message"] = "" };
            properties["protectedItemDataSourceId"] = i.DataSourceId;
            properties["protectedItemHealthStatus"] = i.HealthStatus;
        }
        else if (i.Workload == Workload.Vm)
        {
            properties["virtualMachineId"] = i.Container.SourceId;
            properties["healthStatus"] = i.HealthStatus;
            properties["protectedItemDataId"] = i.DataSourceId;
            properties["policyType"] = "V1";
        }
        if (i.LastBackupTime is { } last)
        {
            properties["lastBackupTime"] = Time(last);
            properties["lastRecoveryPoint"] = Time(last);
            ((JsonObject)properties["extendedInfo"]!)["oldestRecoveryPoint"] = Time(i.RecoveryPoints.Min(r => r.Time));
        }
        Endpoints.LifecycleEndpoints.RenderDeleteState(properties, i);
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
        if (op.Kind is OperationKind.Backup or OperationKind.Restore && op.Status == "Succeeded" && op.JobId != null)
            body["properties"] = new JsonObject { ["objectType"] = "OperationStatusJobExtendedInfo", ["jobId"] = op.JobId };
        return body;
    }

    public static JsonObject Job(VaultRecord v, JobRecord j, DateTimeOffset now)
    {
        var duration = System.Xml.XmlConvert.ToString((j.EndTime ?? now) - j.StartTime);
        var bag = new JsonObject();
        var properties = new JsonObject
        {
            ["jobType"] = j.Workload.JobType,
            ["duration"] = duration,
            ["extendedInfo"] = new JsonObject
            {
                // Only VM job tasks (AzureIaaSVMJobTaskDetails) declare a duration; SQL and file share tasks have id and status.
                ["tasksList"] = new JsonArray(j.Workload == Workload.Vm
                    ? [Task("Take Snapshot", j.Status == "InProgress" ? "Completed" : j.Status, duration), Task("Transfer data to vault", j.Status, duration)]
                    : [Task("Transfer data to vault", j.Status, null)]),
                ["propertyBag"] = bag,
            },
            ["entityFriendlyName"] = j.EntityFriendlyName,
            ["backupManagementType"] = j.BackupManagementType,
            ["operation"] = j.Operation,
            ["status"] = j.Status,
            ["startTime"] = Time(j.StartTime),
            ["activityId"] = j.Id,
        };
        if (j.RecoveryPointExpiry is { } expiry) bag["Recovery point Expiry Time in UTC"] = Time(expiry);
        if (j.Workload == Workload.Sql)
        {
            // AzureWorkloadJob: the walkthrough's job names its container in the property bag.
            properties["workloadType"] = j.WorkloadType;
            if (j.BackupType != null) bag["Backup Type"] = j.BackupType; // a ConfigureBackup job has none
            bag["Container Name"] = j.ContainerName;
        }
        else if (j.Workload == Workload.Vm)
        {
            // AzureIaaSVMJob (ListJobs example): version and the short container name.
            properties["virtualMachineVersion"] = "Compute";
            properties["containerName"] = Names.ShortContainer(j.ContainerName);
            properties["isUserTriggered"] = true;
            bag["VM Name"] = j.EntityFriendlyName;
        }
        else
        {
            // AzureStorageJob: the storage account names the container.
            properties["storageAccountName"] = j.ContainerName.Split(';').Last();
            properties["storageAccountVersion"] = "Storage";
            properties["isUserTriggered"] = true;
            bag["File Share Name"] = j.EntityFriendlyName;
        }
        if (j.EndTime is { } e) properties["endTime"] = Time(e);
        return new JsonObject
        {
            ["id"] = $"{v.Id}/backupJobs/{j.Id}",
            ["name"] = j.Id,
            ["type"] = "Microsoft.RecoveryServices/vaults/backupJobs",
            ["properties"] = properties,
        };
    }

    static JsonObject Task(string name, string status, string? duration)
    {
        var task = new JsonObject { ["taskId"] = name };
        if (duration != null) task["duration"] = duration;
        task["status"] = status;
        return task;
    }

    public static JsonObject RecoveryPoint(VaultRecord v, ProtectedItemRecord i, RecoveryPointRecord rp)
    {
        var properties = new JsonObject { ["objectType"] = i.Workload.RecoveryPointType };
        if (i.Workload == Workload.Sql)
        {
            properties["recoveryPointTimeInUTC"] = Time(rp.Time);
            properties["type"] = rp.Type;
        }
        else
        {
            // IaasVMRecoveryPoint and AzureFileShareRecoveryPoint name the time and type differently.
            properties["recoveryPointType"] = rp.Type;
            properties["recoveryPointTime"] = Time(rp.Time);
            if (i.Workload == Workload.Vm)
            {
                properties["recoveryPointAdditionalInfo"] = "";
                properties["sourceVMStorageType"] = "NormalStorage";
                properties["isSourceVMEncrypted"] = false;
                properties["isInstantIlrSessionActive"] = false;
                properties["isManagedVirtualMachine"] = true;
                properties["virtualMachineSize"] = "Standard_D2s_v3";
                properties["originalStorageAccountOption"] = false;
                properties["recoveryPointMoveReadinessInfo"] = new JsonObject
                {
                    ["ArchivedRP"] = new JsonObject { ["isReadyForMove"] = false, ["additionalInfo"] = "A recovery point this new cannot be moved to the archive tier." },
                };
                properties["recoveryPointTierDetails"] = new JsonArray(new JsonObject { ["type"] = "InstantRP", ["status"] = "Valid" }, new JsonObject { ["type"] = "HardenedRP", ["status"] = "Valid" });
            }
            else
            {
                properties["fileShareSnapshotUri"] = $"https://{i.Container.FriendlyName}.file.core.windows.net/{i.FriendlyName}?sharesnapshot={Time(rp.Time)}";
                properties["recoveryPointSizeInGB"] = 1;
            }
        }
        if (rp.Expiry is { } expiry) properties["recoveryPointProperties"] = new JsonObject { ["expiryTime"] = Time(expiry) };
        return new JsonObject
        {
            ["id"] = $"{ProtectedItemId(v, i.ContainerName, i.Name)}/recoveryPoints/{rp.Name}",
            ["name"] = rp.Name,
            ["type"] = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints",
            ["properties"] = properties,
        };
    }
}
