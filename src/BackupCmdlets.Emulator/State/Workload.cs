namespace BackupCmdlets.Emulator.State;

/// <summary>
/// What differs between the three workloads the emulator serves: the names and types the spec's
/// examples use for them, and the rules of their on-demand backups.
/// </summary>
public sealed class Workload
{
    public required string Key { get; init; }
    public required string ManagementType { get; init; }
    public required string WorkloadType { get; init; }
    public required string ContainerType { get; init; }
    public required string ProtectableItemType { get; init; }
    public required string ProtectedItemType { get; init; }
    public required string RequestType { get; init; }
    public required string JobType { get; init; }
    public required string RecoveryPointType { get; init; }

    /// <summary>The backupType values the request accepts; empty when the request kind has none.</summary>
    public string[] BackupTypes { get; init; } = [];

    /// <summary>How long an on-demand recovery point is kept when the request names no expiry.</summary>
    public required TimeSpan DefaultRetention { get; init; }

    /// <summary>The longest expiry the service accepts (99 years; 10 years for file shares).</summary>
    public required int MaxRetentionYears { get; init; }

    public static readonly Workload Sql = new()
    {
        Key = "SQL",
        ManagementType = "AzureWorkload",
        WorkloadType = "SQLDataBase",
        ContainerType = "VMAppContainer",
        ProtectableItemType = "SQLDataBase",
        ProtectedItemType = "AzureVmWorkloadSQLDatabase",
        RequestType = "AzureWorkloadBackupRequest",
        JobType = "AzureWorkloadJob",
        RecoveryPointType = "AzureWorkloadSQLRecoveryPoint",
        BackupTypes = ["Full", "Differential", "Log", "CopyOnlyFull"],
        DefaultRetention = TimeSpan.FromDays(45),
        MaxRetentionYears = 99,
    };

    public static readonly Workload Vm = new()
    {
        Key = "VM",
        ManagementType = "AzureIaasVM",
        WorkloadType = "VM",
        ContainerType = "Microsoft.Compute/virtualMachines",
        ProtectableItemType = "Microsoft.Compute/virtualMachines",
        ProtectedItemType = "Microsoft.Compute/virtualMachines",
        RequestType = "IaasVMBackupRequest",
        JobType = "AzureIaaSVMJob",
        RecoveryPointType = "IaasVMRecoveryPoint",
        DefaultRetention = TimeSpan.FromDays(30),
        MaxRetentionYears = 99,
    };

    public static readonly Workload FileShare = new()
    {
        Key = "FileShare",
        ManagementType = "AzureStorage",
        WorkloadType = "AzureFileShare",
        ContainerType = "StorageContainer",
        ProtectableItemType = "AzureFileShare",
        ProtectedItemType = "AzureFileShareProtectedItem",
        RequestType = "AzureFileShareBackupRequest",
        JobType = "AzureStorageJob",
        RecoveryPointType = "AzureFileShareRecoveryPoint",
        DefaultRetention = TimeSpan.FromDays(30),
        MaxRetentionYears = 10,
    };

    public static readonly Workload[] All = [Sql, Vm, FileShare];

    /// <summary>The workload an enable-protection body names: by the spec's discriminator, or by the walkthrough's pair.</summary>
    public static Workload? FromItemType(string? protectedItemType, string? managementType, string? workloadType) =>
        protectedItemType != null
            ? All.FirstOrDefault(w => string.Equals(w.ProtectedItemType, protectedItemType, StringComparison.OrdinalIgnoreCase))
            : All.FirstOrDefault(w => string.Equals(w.ManagementType, managementType, StringComparison.OrdinalIgnoreCase)
                                   && string.Equals(w.WorkloadType, workloadType, StringComparison.OrdinalIgnoreCase));
}
