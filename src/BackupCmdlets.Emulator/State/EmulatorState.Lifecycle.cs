namespace BackupCmdlets.Emulator.State;

// Completion of the lifecycle operations: deleting backup data (soft or for good) and unregistering a container.
public sealed partial class EmulatorState
{
    void CompleteLifecycle(VaultRecord vault, OperationRecord op)
    {
        switch (op.Kind)
        {
            case OperationKind.DeleteProtection:
                var key = VaultRecord.ItemKey(op.ContainerName!, op.ItemName!);
                if (!vault.ProtectedItems.TryGetValue(key, out var item)) break;
                if (vault.SoftDeleteOn)
                {
                    // Soft delete: protection stops and the data stays, for the vault's retention period, before it goes.
                    item.ProtectionState = "ProtectionStopped";
                    item.DeferredDeleteAt = op.CompletesAt + TimeSpan.FromDays(vault.SoftDeleteRetentionPeriodInDays);
                }
                else
                    vault.ProtectedItems.Remove(key);
                break;
            case OperationKind.Unregister:
                vault.Containers.Remove(op.ContainerName!);
                break;
        }
    }

    /// <summary>Soft-deleted items whose retention period is over are gone, with their recovery points.</summary>
    static void PurgeSoftDeleted(VaultRecord vault, DateTimeOffset now)
    {
        foreach (var (key, _) in vault.ProtectedItems.Where(p => p.Value.DeferredDeleteAt <= now).ToList())
            vault.ProtectedItems.Remove(key);
    }
}
