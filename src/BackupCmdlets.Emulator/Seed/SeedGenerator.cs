using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupCmdlets.Emulator.Seed;

/// <summary>
/// Seeds of any size for scale tests and benchmarks: the default seed's subscription, vault and policies
/// (so the README's workflow runs unchanged), with <c>vms</c> SQL VMs of one instance and
/// <c>databasesPerVm</c> user databases each, and nothing else (no file shares, no availability group).
/// </summary>
public static class SeedGenerator
{
    public const string ResourceGroup = "GeneratedSqlVms";

    public static SeedModel Generate(int vms, int databasesPerVm)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(vms);
        ArgumentOutOfRangeException.ThrowIfNegative(databasesPerVm);
        var seed = SeedModel.LoadDefault();
        seed.VirtualMachines.Clear();
        seed.StorageAccounts.Clear();
        seed.AvailabilityGroups.Clear();
        seed.Faults.Clear();
        var databases = Enumerable.Range(1, databasesPerVm).Select(d => "db" + d.ToString("D4", CultureInfo.InvariantCulture)).ToList();
        for (var v = 1; v <= vms; v++)
        {
            var name = "sqlvm-" + v.ToString("D5", CultureInfo.InvariantCulture);
            seed.VirtualMachines.Add(new SeedVirtualMachine
            {
                ResourceGroup = ResourceGroup,
                Name = name,
                HostServerName = name + ".generated.example",
                SqlInstances = { new SeedSqlInstance { Name = "MSSQLSERVER", Databases = new List<string>(databases) } },
            });
        }
        return seed;
    }

    static readonly JsonSerializerOptions WriteOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>The seed as a JSON file the emulator's <c>--seed</c> reads.</summary>
    public static string ToJson(SeedModel seed) => JsonSerializer.Serialize(seed, WriteOptions);

    /// <summary><c>generate-seed --vms N --databases-per-vm M [--out FILE]</c>: the seed on stdout or to FILE.</summary>
    public static int Run(string[] args)
    {
        int? vms = null, databases = null;
        string? output = null;
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--vms": vms = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--databases-per-vm": databases = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--out": output = Next(); break;
                default:
                    Console.Error.WriteLine($"Unknown option '{args[i]}'. Usage: generate-seed --vms N --databases-per-vm M [--out FILE]");
                    return 2;
            }
        }
        if (vms is not >= 0 || databases is not >= 0)
        {
            Console.Error.WriteLine("Usage: generate-seed --vms N --databases-per-vm M [--out FILE]");
            return 2;
        }
        var json = ToJson(Generate(vms.Value, databases.Value));
        if (output == null) Console.Out.WriteLine(json);
        else File.WriteAllText(output, json);
        return 0;
    }
}
