using BackupCmdlets.Emulator.Faults;

namespace BackupCmdlets.Emulator.State;

// What a completed inquiry does besides listing items: it finds the availability groups a VM takes
// part in, and protects the new databases of auto-protected instances and groups.
public sealed partial class EmulatorState
{
    void Inquired(VaultRecord vault, ContainerRecord container, DateTimeOffset at)
    {
        var touched = new List<ContainerRecord> { container };
        if (container.Vm is { } vm)
            foreach (var ag in Seed.AvailabilityGroups.Where(g => g.Nodes.Contains(vm.Name, StringComparer.OrdinalIgnoreCase)))
            {
                // Inquiring a node discovers its group; the group's databases live in the group's own container,
                // registered with the first node inquired (as a VM container is by its registration).
                var name = Render.AgContainer(ag);
                if (!vault.Containers.TryGetValue(name, out var group))
                    vault.Containers[name] = group = new ContainerRecord
                    {
                        Name = name, Workload = Workload.Sql, FriendlyName = ag.Name, SourceId = container.SourceId,
                        ResourceGroup = ag.ResourceGroup, Ag = ag, RegistrationStatus = "Registered", WorkloadType = Workload.Sql.WorkloadType,
                    };
                group.Inquired = true;
                group.LastUpdated = at;
                touched.Add(group);
            }
        foreach (var c in touched)
            foreach (var intent in vault.Intents.Values.Where(i => string.Equals(i.ContainerName, c.Name, StringComparison.OrdinalIgnoreCase)).ToList())
                AutoProtect(vault, intent, at);
    }

    /// <summary>
    /// Protects each database under the intent's instance or group that is not protected yet, with the intent's
    /// policy, and records a ConfigureBackup job for it, as the service's auto-protection does.
    /// </summary>
    public void AutoProtect(VaultRecord vault, IntentRecord intent, DateTimeOffset at)
    {
        if (!vault.Containers.TryGetValue(intent.ContainerName, out var c) || !c.Inquired) return;
        var items = Render.ProtectableItems(vault, c).ToList();
        var parent = items.FirstOrDefault(i => string.Equals(i.Name, intent.ItemName, StringComparison.OrdinalIgnoreCase));
        if (parent.Name == null) return;
        var parentName = parent.Body["properties"]!["friendlyName"]!.GetValue<string>();
        foreach (var (name, type, body) in items)
        {
            var properties = body["properties"]!;
            var key = VaultRecord.ItemKey(c.Name, name);
            if (type != "SQLDataBase" || vault.ProtectedItems.ContainsKey(key) || vault.PendingItems.ContainsKey(key)
                || !string.Equals(properties["parentName"]?.GetValue<string>(), parentName, StringComparison.OrdinalIgnoreCase))
                continue;
            var friendly = properties["friendlyName"]!.GetValue<string>();
            vault.ProtectedItems[key] = new ProtectedItemRecord
            {
                Workload = Workload.Sql,
                Container = c,
                Name = name,
                FriendlyName = friendly,
                ServerName = properties["serverName"]?.GetValue<string>(),
                ParentName = parentName,
                PolicyId = intent.PolicyId,
                DataSourceId = NextDataSourceId(),
            };
            Ledger.Record(at, Ledger.ProtectedItemCreated, key);
            var job = new JobRecord
            {
                Id = Guid.NewGuid().ToString(),
                Workload = Workload.Sql,
                ContainerName = c.Name,
                ItemName = name,
                EntityFriendlyName = friendly,
                StartTime = at,
                CompletesAt = at,
                Operation = "ConfigureBackup",
                Status = "Completed",
                EndTime = at,
            };
            vault.Jobs[job.Id] = job;
        }
    }
}
