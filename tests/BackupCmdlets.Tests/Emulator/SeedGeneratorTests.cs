using BackupCmdlets.Client.Models;
using BackupCmdlets.Emulator.Seed;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>Generated seeds load, and the README's workflow runs on them as on the default seed.</summary>
public class SeedGeneratorTests
{
    [Fact]
    public void A_generated_seed_round_trips_through_its_JSON_with_the_default_vault_and_policies()
    {
        var seed = SeedModel.Parse(SeedGenerator.ToJson(SeedGenerator.Generate(vms: 3, databasesPerVm: 4)));

        Assert.Equal(TestEmulator.Subscription, seed.SubscriptionId);
        var vault = Assert.Single(seed.Vaults);
        Assert.Equal((TestEmulator.ResourceGroup, TestEmulator.Vault), (vault.ResourceGroup, vault.Name));
        Assert.Contains(vault.Policies, p => p.Name == "HourlyLogBackup");
        Assert.Equal(["sqlvm-00001", "sqlvm-00002", "sqlvm-00003"], seed.VirtualMachines.Select(v => v.Name));
        Assert.All(seed.VirtualMachines, vm => Assert.Equal(["db0001", "db0002", "db0003", "db0004"], Assert.Single(vm.SqlInstances).Databases));
        Assert.Empty(seed.StorageAccounts);
        Assert.Empty(seed.AvailabilityGroups);
    }

    [Fact]
    public async Task The_README_workflow_on_a_generated_seed_lists_every_database_of_every_VM()
    {
        var seedFile = Path.Combine(Path.GetTempPath(), $"generated-seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(seedFile, SeedGenerator.ToJson(SeedGenerator.Generate(vms: 3, databasesPerVm: 4)));
        try
        {
            var settings = TestEmulator.FastSettings();
            settings.SeedPath = seedFile;
            settings.OperationDuration = TimeSpan.FromMilliseconds(200);
            await using var emulator = await TestEmulator.StartAsync(settings);
            using var ps = PowerShellSession.Connected(emulator);

            var containers = ps.Run("""
                Invoke-BackupContainerRefresh -BackupManagementType AzureWorkload | Wait-BackupOperation | Out-Null
                Get-BackupProtectableContainer |
                    Register-BackupContainer -WorkloadType SQLDataBase | Wait-BackupOperation |
                    Invoke-BackupContainerInquiry | Wait-BackupOperation
                """).AssertNoErrors().OutputOf<ProtectionContainer>().ToList();
            Assert.Equal(3, containers.Count);

            var databases = ps.Run("Get-BackupProtectableItem -ProtectableItemType SQLDataBase").AssertNoErrors().OutputOf<ProtectableItem>().ToList();
            Assert.Equal(12, databases.Count);
            Assert.Equal(12, databases.Select(d => d.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.All(databases, d => Assert.Matches("^db000[1-4]$", d.FriendlyName));
        }
        finally { File.Delete(seedFile); }
    }
}
