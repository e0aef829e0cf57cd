namespace BackupCmdlets.Emulator.Seed;

/// <summary>
/// A SQL Server Always On availability group: its databases live on every node (each a VM of the
/// seed, in the group's resource group) and are backed up once, through the group, not per node.
/// </summary>
public sealed class SeedAvailabilityGroup
{
    public string Name { get; set; } = "";
    public string ResourceGroup { get; set; } = "";

    /// <summary>The listener's DNS name: what the service reports as the group's server.</summary>
    public string? ListenerName { get; set; }

    /// <summary>The VMs (by name) that host a replica.</summary>
    public List<string> Nodes { get; set; } = new();
    public List<string> Databases { get; set; } = new();
}
