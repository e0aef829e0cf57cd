using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Seed;

namespace BackupCmdlets.Emulator.State;

// Availability groups and auto-protection intents, in the shapes bms.json declares for them
// (AzureSQLAGWorkloadContainerProtectionContainer, AzureVmWorkloadSQLAvailabilityGroupProtectableItem,
// AzureWorkloadSQLAutoProtectionIntent) and the BackupProtectionIntent_Get/List examples.
public static partial class Render
{
    /// <summary>The container of an availability group's databases; its name is the emulator's choice (docs/emulator.md).</summary>
    public static string AgContainer(SeedAvailabilityGroup ag) => $"SQLAGWorkLoadContainer;{ag.Name}";
    public static string AgItem(SeedAvailabilityGroup ag) => $"sqlavailabilitygroupcontainer;{ag.Name.ToLowerInvariant()}";
    public static string AgDatabase(SeedAvailabilityGroup ag, string db) => $"sqldatabase;{ag.Name.ToLowerInvariant()};{db.ToLowerInvariant()}";

    static string AgServer(SeedAvailabilityGroup ag) => ag.ListenerName ?? ag.Name;

    static JsonArray AgNodes(VaultRecord v, SeedAvailabilityGroup ag) => new(ag.Nodes.Select(n => (JsonNode)new JsonObject
    {
        ["nodeName"] = n,
        ["status"] = "Succeeded",
        ["sourceResourceId"] = $"/subscriptions/{v.SubscriptionId}/resourceGroups/{ag.ResourceGroup}/providers/Microsoft.Compute/virtualMachines/{n}",
    }).ToArray());

    /// <summary>What an availability group's container says beyond a VM's: its type, its nodes and its listener.</summary>
    static void AvailabilityGroupContainer(VaultRecord v, ContainerRecord c, JsonObject properties)
    {
        properties["containerType"] = "SQLAGWorkLoadContainer";
        properties["protectableObjectType"] = "SQLAGWorkLoadContainer";
        properties["extendedInfo"] = new JsonObject
        {
            ["hostServerName"] = AgServer(c.Ag!),
            ["nodesList"] = AgNodes(v, c.Ag!),
        };
    }

    /// <summary>The group itself (auto-protectable) and each of its databases, whose parent is the group.</summary>
    static IEnumerable<(string Name, string Type, JsonObject Body)> AvailabilityGroupItems(VaultRecord v, ContainerRecord c)
    {
        var ag = c.Ag!;
        var server = AgServer(ag);
        var group = SqlItem(v, c, AgItem(ag), "SQLAvailabilityGroupContainer", ag.Name, ag.Name, server, ag.Databases.Count);
        ((JsonObject)group["properties"]!)["nodesList"] = AgNodes(v, ag);
        yield return (AgItem(ag), "SQLAvailabilityGroupContainer", group);
        foreach (var db in ag.Databases)
            yield return (AgDatabase(ag, db), "SQLDataBase", SqlItem(v, c, AgDatabase(ag, db), "SQLDataBase", db, ag.Name, server, 0));
    }

    static bool IsAutoProtected(VaultRecord v, string container, string item) =>
        v.Intents.Values.Any(i => string.Equals(i.ContainerName, container, StringComparison.OrdinalIgnoreCase) && string.Equals(i.ItemName, item, StringComparison.OrdinalIgnoreCase));

    public static JsonObject Intent(VaultRecord v, IntentRecord i)
    {
        var properties = new JsonObject
        {
            ["protectionIntentItemType"] = "AzureWorkloadSQLAutoProtectionIntent",
            ["backupManagementType"] = "AzureWorkload",
            ["itemId"] = i.ItemId,
            ["policyId"] = i.PolicyId,
            ["protectionState"] = "Protected",
        };
        if (i.SourceResourceId != null) properties["sourceResourceId"] = i.SourceResourceId;
        if (i.WorkloadItemType != null) properties["workloadItemType"] = i.WorkloadItemType;
        return new JsonObject
        {
            ["id"] = $"{v.Id}/{Fabric}/backupProtectionIntent/{i.Name}",
            ["name"] = i.Name,
            ["type"] = "Microsoft.RecoveryServices/vaults/backupProtectionIntent",
            ["properties"] = properties,
        };
    }
}
