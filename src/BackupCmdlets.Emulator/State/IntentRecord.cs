namespace BackupCmdlets.Emulator.State;

/// <summary>An auto-protection intent: every database under the item (a SQL instance or an availability group) gets the policy.</summary>
public sealed class IntentRecord
{
    public required string Name { get; init; }

    /// <summary>The protectable item's id as the client sent it, returned as sent.</summary>
    public required string ItemId { get; init; }
    public required string ContainerName { get; init; }
    public required string ItemName { get; init; }

    /// <summary>SQLInstance or SQLAvailabilityGroupContainer.</summary>
    public required string ItemType { get; init; }
    public required string PolicyId { get; set; }
    public string? SourceResourceId { get; init; }
    public string? WorkloadItemType { get; init; }
}
