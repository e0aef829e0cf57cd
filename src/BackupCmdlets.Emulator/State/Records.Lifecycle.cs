namespace BackupCmdlets.Emulator.State;

// Soft delete (BackupResourceVaultConfig) and the deferred delete of protected items.

public sealed partial class VaultRecord
{
    /// <summary>The spec's SoftDeleteFeatureState: Enabled, Disabled or AlwaysON.</summary>
    public string SoftDeleteFeatureState { get; set; } = "Enabled";
    public int SoftDeleteRetentionPeriodInDays { get; set; } = 14;

    public bool SoftDeleteOn =>
        string.Equals(SoftDeleteFeatureState, "Enabled", StringComparison.OrdinalIgnoreCase) ||
        string.Equals(SoftDeleteFeatureState, "AlwaysON", StringComparison.OrdinalIgnoreCase);
}

public sealed partial class ProtectedItemRecord
{
    /// <summary>When a soft-deleted item's data is purged for good; null while the item is not deleted.</summary>
    public DateTimeOffset? DeferredDeleteAt { get; set; }
    public bool IsSoftDeleted => DeferredDeleteAt != null;
}
