using System.Text.Json;
using BackupCmdlets.Emulator.Seed;

namespace BackupCmdlets.Benchmarks.Harness;

/// <summary>Seed files for the emulator: the default seed's vault and policies, with generated SQL VMs.</summary>
public static class Seeds
{
    /// <summary><paramref name="databases"/> databases on VMs sql-1, sql-2, ... of at most <paramref name="perVm"/> each.</summary>
    public static string Write(int databases, int perVm)
    {
        var seed = SeedModel.LoadDefault();
        var vms = (databases + perVm - 1) / perVm;
        seed.VirtualMachines = Enumerable.Range(1, vms).Select(v => new SeedVirtualMachine
        {
            ResourceGroup = "BenchRG",
            Name = $"sql-{v}",
            SqlInstances = { new SeedSqlInstance { Name = "MSSQLSERVER", Databases = Enumerable.Range(1, Math.Min(perVm, databases - (v - 1) * perVm)).Select(d => $"db{d}").ToList() } },
        }).ToList();
        seed.StorageAccounts.Clear();
        seed.AvailabilityGroups.Clear();
        var path = Path.Combine(Path.GetTempPath(), $"bench-seed-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(seed, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        return path;
    }

    public static IEnumerable<string> VmNames(int databases, int perVm) =>
        Enumerable.Range(1, (databases + perVm - 1) / perVm).Select(v => $"sql-{v}");
}
