using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BackupCmdlets.Emulator.Seed;

/// <summary>The emulator's inventory as read from a JSON seed file.</summary>
public sealed class SeedModel
{
    public string SubscriptionId { get; set; } = "00000000-0000-0000-0000-000000000000";
    public string Location { get; set; } = "westcentralus";
    public List<SeedVault> Vaults { get; set; } = new();
    public List<SeedVirtualMachine> VirtualMachines { get; set; } = new();
    public List<SeedStorageAccount> StorageAccounts { get; set; } = new();
    public List<Faults.FaultRule> Faults { get; set; } = new();
    public List<SeedAvailabilityGroup> AvailabilityGroups { get; set; } = new();

    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static SeedModel Parse(string json) =>
        JsonSerializer.Deserialize<SeedModel>(json, Options) ?? throw new InvalidDataException("The seed file is empty.");

    public static SeedModel LoadDefault()
    {
        using var stream = typeof(SeedModel).Assembly.GetManifestResourceStream("default-seed.json")
            ?? throw new InvalidOperationException("The default seed is not embedded.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}

public sealed class SeedVault
{
    /// <summary>The vault's subscription; null: the seed's <see cref="SeedModel.SubscriptionId"/>.</summary>
    public string? SubscriptionId { get; set; }
    public string ResourceGroup { get; set; } = "";
    public string Name { get; set; } = "";
    public List<SeedPolicy> Policies { get; set; } = new();
}

public sealed class SeedPolicy
{
    public string Name { get; set; } = "";
    public JsonObject Properties { get; set; } = new();
}

public sealed class SeedVirtualMachine
{
    /// <summary>The VM's subscription (a vault discovers only its own subscription's VMs); null: the seed's.</summary>
    public string? SubscriptionId { get; set; }
    public string ResourceGroup { get; set; } = "";
    public string Name { get; set; } = "";
    public string? HostServerName { get; set; }
    public List<SeedSqlInstance> SqlInstances { get; set; } = new();
}

public sealed class SeedSqlInstance
{
    public string Name { get; set; } = "MSSQLSERVER";
    public List<string> Databases { get; set; } = new();
}

public sealed class SeedStorageAccount
{
    /// <summary>The account's subscription (a vault discovers only its own subscription's accounts); null: the seed's.</summary>
    public string? SubscriptionId { get; set; }
    public string ResourceGroup { get; set; } = "";
    public string Name { get; set; } = "";
    public List<string> FileShares { get; set; } = new();
}
