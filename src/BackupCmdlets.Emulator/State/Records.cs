using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Seed;

namespace BackupCmdlets.Emulator.State;

// Mutable records of the service's state. Every read and write happens under EmulatorState.Sync.

public sealed partial class VaultRecord
{
    public required string SubscriptionId { get; init; }
    public required string ResourceGroup { get; init; }
    public required string Name { get; init; }
    public required string Location { get; init; }

    /// <summary>The id as the service prints it (lower-case provider, as in the walkthrough).</summary>
    public string Id => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/microsoft.recoveryservices/vaults/{Name}";

    public Dictionary<string, PolicyRecord> Policies { get; } = new(StringComparer.OrdinalIgnoreCase);
    public HashSet<string> DiscoveredManagementTypes { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, ContainerRecord> Containers { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, ProtectedItemRecord> ProtectedItems { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, OperationRecord> Operations { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, JobRecord> Jobs { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Protected items whose enable-protection operation has not finished yet.</summary>
    public Dictionary<string, ProtectedItemRecord> PendingItems { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Auto-protection intents by name (backupProtectionIntent).</summary>
    public Dictionary<string, IntentRecord> Intents { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static string ItemKey(string container, string item) => container + "/" + item;
}

public sealed class PolicyRecord
{
    public required string Name { get; init; }
    public required JsonObject Properties { get; init; }
    public string BackupManagementType => Properties["backupManagementType"]?.GetValue<string>() ?? "";
}

/// <summary>A VM registered for its databases, a protected Azure VM, or a registered storage account.</summary>
public sealed class ContainerRecord
{
    public required string Name { get; init; }
    public required Workload Workload { get; init; }
    public required string FriendlyName { get; init; }

    /// <summary>The VM's or the storage account's resource id.</summary>
    public required string SourceId { get; init; }
    public required string ResourceGroup { get; init; }
    public SeedVirtualMachine? Vm { get; init; }
    public SeedStorageAccount? Account { get; init; }
    /// <summary>Set on an availability group's container (SQLAGWorkLoadContainer).</summary>
    public SeedAvailabilityGroup? Ag { get; init; }
    public string RegistrationStatus { get; set; } = "NotRegistered";
    public string? WorkloadType { get; set; }
    public bool Inquired { get; set; }
    public DateTimeOffset LastUpdated { get; set; }
}

public sealed partial class ProtectedItemRecord
{
    public required Workload Workload { get; init; }
    public required ContainerRecord Container { get; init; }
    public string ContainerName => Container.Name;
    public required string Name { get; init; }
    public required string FriendlyName { get; init; }
    public string? ServerName { get; init; }
    public string? ParentName { get; init; }
    public required string PolicyId { get; set; }
    public required string DataSourceId { get; init; }
    public string ProtectionState { get; set; } = "IRPending";
    public string LastBackupStatus { get; set; } = "IRPending";
    public string HealthStatus { get; set; } = "IRPending";
    public DateTimeOffset? LastBackupTime { get; set; }
    public List<RecoveryPointRecord> RecoveryPoints { get; } = new();
}

public sealed class RecoveryPointRecord
{
    public required string Name { get; init; }
    public required DateTimeOffset Time { get; init; }
    public required string Type { get; init; }
    public DateTimeOffset? Expiry { get; init; }
}

public enum OperationKind { Refresh, Register, Inquire, EnableProtection, Backup, CancelJob, DeleteProtection, Unregister, Restore }

public sealed class OperationRecord
{
    public required string Id { get; init; }
    public required OperationKind Kind { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset CompletesAt { get; init; }
    public string Fabric { get; init; } = "Azure";
    public string? ManagementType { get; init; }
    public string? ContainerName { get; init; }
    public string? ItemName { get; init; }
    public string? JobId { get; set; }
    public string Status { get; set; } = "InProgress";
    public string? VaultJobId { get; init; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }

    /// <summary>Set by a fault rule: how the operation will end instead of succeeding.</summary>
    public (string Status, string Code, string Message)? PlannedOutcome { get; set; }
    public bool OmitRetryAfter { get; set; }

    /// <summary>Earliest time a poll honours the Retry-After last sent for this operation.</summary>
    public DateTimeOffset NotBefore { get; set; }
    public bool Done => Status != "InProgress";
}

public sealed class JobRecord
{
    public required string Id { get; init; }
    public required string ContainerName { get; init; }
    public required string ItemName { get; init; }
    public required string EntityFriendlyName { get; init; }
    public required Workload Workload { get; init; }
    public string? BackupType { get; init; }
    public DateTimeOffset? RecoveryPointExpiry { get; init; }
    public required DateTimeOffset StartTime { get; init; }
    public required DateTimeOffset CompletesAt { get; init; }
    public string Operation { get; init; } = "Backup";
    public string BackupManagementType => Workload.ManagementType;
    public string WorkloadType => Workload.WorkloadType;
    public string Status { get; set; } = "InProgress";
    public DateTimeOffset? EndTime { get; set; }
}
