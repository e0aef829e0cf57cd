using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Emulator.Seed;

namespace BackupCmdlets.Emulator.State;

/// <summary>
/// The service's state machine. Time moves it: each request first calls <see cref="Advance"/>,
/// which completes every operation and job whose time has come, so what a client sees depends
/// only on the clock, never on how often it polls.
/// </summary>
public sealed partial class EmulatorState
{
    public object Sync { get; } = new();
    public EmulatorSettings Settings { get; }
    public SeedModel Seed { get; }
    public List<VaultRecord> Vaults { get; } = new();
    public Ledger Ledger { get; } = new();

    public EmulatorState(EmulatorSettings settings, SeedModel seed)
    {
        Settings = settings;
        Clock = ServiceClock.For(settings);
        Seed = seed;
        foreach (var v in seed.Vaults)
        {
            var vault = new VaultRecord { SubscriptionId = v.SubscriptionId ?? seed.SubscriptionId, ResourceGroup = v.ResourceGroup, Name = v.Name, Location = seed.Location };
            foreach (var p in v.Policies)
                vault.Policies[p.Name] = new PolicyRecord { Name = p.Name, Properties = p.Properties };
            vault.SoftDeleteFeatureState = v.SoftDeleteFeatureState;
            vault.SoftDeleteRetentionPeriodInDays = v.SoftDeleteRetentionPeriodInDays;
            Vaults.Add(vault);
        }
    }

    /// <summary>The service's time: <see cref="EmulatorSettings.Clock"/>, sped up by <see cref="EmulatorSettings.ClockSpeed"/>.</summary>
    public TimeProvider Clock { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public VaultRecord? FindVault(string subscriptionId, string resourceGroup, string name) =>
        Vaults.FirstOrDefault(v =>
            string.Equals(v.SubscriptionId, subscriptionId, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(v.ResourceGroup, resourceGroup, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));

    public string VmIdFor(SeedVirtualMachine vm) =>
        $"/subscriptions/{vm.SubscriptionId ?? Seed.SubscriptionId}/resourceGroups/{vm.ResourceGroup}/providers/Microsoft.Compute/virtualMachines/{vm.Name}";

    public string AccountIdFor(SeedStorageAccount account) =>
        $"/subscriptions/{account.SubscriptionId ?? Seed.SubscriptionId}/resourceGroups/{account.ResourceGroup}/providers/Microsoft.Storage/storageAccounts/{account.Name}";

    /// <summary>VMs of the vault's subscription that it has discovered by a completed refresh of the AzureWorkload (or AzureIaasVM) fabric.</summary>
    public IEnumerable<SeedVirtualMachine> DiscoveredVms(VaultRecord vault, string managementType = "AzureWorkload") =>
        vault.DiscoveredManagementTypes.Contains(managementType)
            ? Seed.VirtualMachines.Where(vm => SameSubscription(vault, vm.SubscriptionId))
            : Enumerable.Empty<SeedVirtualMachine>();

    /// <summary>Storage accounts of the vault's subscription that it has discovered by a completed refresh of the AzureStorage fabric.</summary>
    public IEnumerable<SeedStorageAccount> DiscoveredAccounts(VaultRecord vault) =>
        vault.DiscoveredManagementTypes.Contains("AzureStorage")
            ? Seed.StorageAccounts.Where(a => SameSubscription(vault, a.SubscriptionId))
            : Enumerable.Empty<SeedStorageAccount>();

    bool SameSubscription(VaultRecord vault, string? subscriptionId) =>
        string.Equals(vault.SubscriptionId, subscriptionId ?? Seed.SubscriptionId, StringComparison.OrdinalIgnoreCase);

    public OperationRecord StartOperation(VaultRecord vault, OperationKind kind, string? container = null, string? item = null, string? managementType = null, string fabric = "Azure",
        (string Status, string Code, string Message)? plannedOutcome = null, string? jobId = null)
    {
        var now = Now;
        var op = new OperationRecord
        {
            Id = Guid.NewGuid().ToString(),
            Kind = kind,
            StartedAt = now,
            CompletesAt = now + Settings.OperationDuration,
            ContainerName = container,
            ItemName = item,
            ManagementType = managementType,
            Fabric = fabric,
            PlannedOutcome = plannedOutcome,
            VaultJobId = jobId,
        };
        vault.Operations[op.Id] = op;
        return op;
    }

    /// <summary>The running operation of this kind on this container (and item), if any.</summary>
    public OperationRecord? RunningOperation(VaultRecord vault, OperationKind kind, string container, string? item = null) =>
        vault.Operations.Values.FirstOrDefault(o => !o.Done && o.Kind == kind &&
            string.Equals(o.ContainerName, container, StringComparison.OrdinalIgnoreCase) &&
            (item == null || string.Equals(o.ItemName, item, StringComparison.OrdinalIgnoreCase)));

    public bool HasRunningOperation(VaultRecord vault, OperationKind kind, string container, string? item = null) =>
        RunningOperation(vault, kind, container, item) != null;

    /// <summary>Completes whatever is due at <see cref="Now"/>. Call with <see cref="Sync"/> held.</summary>
    public void Advance()
    {
        var now = Now;
        foreach (var vault in Vaults)
        {
            foreach (var op in vault.Operations.Values.Where(o => !o.Done && o.CompletesAt <= now).OrderBy(o => o.CompletesAt).ToList())
                Complete(vault, op);
            foreach (var job in vault.Jobs.Values.Where(j => j.Status == "InProgress" && j.CompletesAt <= now).ToList())
                CompleteJob(vault, job);
            PurgeSoftDeleted(vault, now);
        }
    }

    void Complete(VaultRecord vault, OperationRecord op)
    {
        op.EndedAt = op.CompletesAt;
        if (op.PlannedOutcome is { } outcome)
        {
            (op.Status, op.ErrorCode, op.ErrorMessage) = outcome;
            Undo(vault, op);
            Ledger.Record(op.CompletesAt, Ledger.OperationFailed, $"{op.Kind} {op.ContainerName}/{op.ItemName}", outcome.Code);
            return;
        }
        op.Status = "Succeeded";
        switch (op.Kind)
        {
            case OperationKind.Refresh:
                vault.DiscoveredManagementTypes.Add(op.ManagementType ?? "AzureWorkload");
                break;
            case OperationKind.Register:
                var registered = vault.Containers[op.ContainerName!];
                registered.RegistrationStatus = "Registered";
                registered.LastUpdated = op.CompletesAt;
                break;
            case OperationKind.Inquire:
                var inquired = vault.Containers[op.ContainerName!];
                inquired.Inquired = true;
                inquired.LastUpdated = op.CompletesAt;
                RevealRestoredDatabases(inquired); // first, so that auto-protection sees a restored database too
                Inquired(vault, inquired, op.CompletesAt); // availability groups found, auto-protection applied
                break;
            case OperationKind.EnableProtection:
                // The record was staged by the PUT; completion makes it visible.
                if (vault.PendingItems.Remove(VaultRecord.ItemKey(op.ContainerName!, op.ItemName!), out var pending))
                {
                    // An Azure VM has no registration step: protecting it creates its container.
                    if (vault.Containers.TryAdd(pending.ContainerName, pending.Container))
                    {
                        pending.Container.RegistrationStatus = "Registered";
                        pending.Container.LastUpdated = op.CompletesAt;
                    }
                    vault.ProtectedItems[VaultRecord.ItemKey(op.ContainerName!, op.ItemName!)] = pending;
                    Ledger.Record(op.CompletesAt, Ledger.ProtectedItemCreated, VaultRecord.ItemKey(op.ContainerName!, op.ItemName!));
                }
                break;
            case OperationKind.Backup:
            case OperationKind.Restore:
                break; // the job was created by the trigger itself; the operation only reports it
            case OperationKind.CancelJob:
                if (vault.Jobs.TryGetValue(op.VaultJobId!, out var cancelled) && cancelled.Status == "Cancelling")
                {
                    cancelled.Status = "Cancelled";
                    cancelled.EndTime = op.CompletesAt;
                }
                break;
            case OperationKind.DeleteProtection:
            case OperationKind.Unregister:
                CompleteLifecycle(vault, op);
                break;
        }
    }

    /// <summary>A failed operation leaves things as they were before it.</summary>
    static void Undo(VaultRecord vault, OperationRecord op)
    {
        switch (op.Kind)
        {
            case OperationKind.Register when vault.Containers.TryGetValue(op.ContainerName!, out var c) && c.RegistrationStatus == "Registering":
                c.RegistrationStatus = "NotRegistered";
                break;
            case OperationKind.EnableProtection:
                vault.PendingItems.Remove(VaultRecord.ItemKey(op.ContainerName!, op.ItemName!));
                break;
            case OperationKind.CancelJob when vault.Jobs.TryGetValue(op.VaultJobId!, out var job) && job.Status == "Cancelling":
                job.Status = "InProgress"; // the cancellation failed; the job goes on
                break;
        }
    }

    void CompleteJob(VaultRecord vault, JobRecord job)
    {
        job.Status = "Completed";
        job.EndTime = job.CompletesAt;
        if (job.Operation == "Restore")
        {
            CompleteRestore(job);
            return;
        }
        if (!vault.ProtectedItems.TryGetValue(VaultRecord.ItemKey(job.ContainerName, job.ItemName), out var item))
            return;
        var type = job.BackupType ?? (job.Workload == Workload.Vm ? "AppConsistent" : "FileSystemConsistent");
        item.RecoveryPoints.Add(new RecoveryPointRecord { Name = NextRecoveryPointName(), Time = job.CompletesAt, Type = type, Expiry = job.RecoveryPointExpiry });
        item.ProtectionState = "Protected";
        // As the examples print them: a VM's last backup "Completed" and health "Passed"; workloads say "Healthy".
        item.LastBackupStatus = job.Workload == Workload.Vm ? "Completed" : "Healthy";
        item.HealthStatus = job.Workload == Workload.Vm ? "Passed" : "Healthy";
        item.LastBackupTime = job.CompletesAt;
    }

    long recoveryPointSequence = 59_000_000_000;
    string NextRecoveryPointName() => (++recoveryPointSequence).ToString(System.Globalization.CultureInfo.InvariantCulture);

    long dataSourceSequence = 17_592_741_727_863;
    public string NextDataSourceId() => (dataSourceSequence++).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
