using System.Net;
using System.Text.Json;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>
/// A seed may put vaults and VMs in subscriptions of their own (the fan-out test's seed does): each vault
/// is listed under its subscription and discovers only the VMs of that subscription.
/// </summary>
public class SeedSubscriptionTests
{
    const string East = "11111111-1111-1111-1111-111111111111";
    const string West = "22222222-2222-2222-2222-222222222222";
    const string EastVault = $"/subscriptions/{East}/resourceGroups/BackupsEast/providers/Microsoft.RecoveryServices/vaults/VaultEast";
    const string WestVault = $"/subscriptions/{West}/resourceGroups/BackupsWest/providers/Microsoft.RecoveryServices/vaults/VaultWest";
    const string Filter = "?api-version=2025-08-01&$filter=backupManagementType eq 'AzureWorkload'";

    static async Task<JsonElement[]> ProtectableContainers(RawArm arm, string vault)
    {
        var refresh = await arm.Send(HttpMethod.Post, vault + "/backupFabrics/Azure/refreshContainers" + Filter);
        Assert.Equal(HttpStatusCode.Accepted, refresh.StatusCode);
        await arm.PollUntilDone(refresh.Headers.Location!.ToString());
        var body = await RawArm.Body(await arm.Get(vault + "/backupFabrics/Azure/protectableContainers" + Filter));
        return body.GetProperty("value").EnumerateArray().ToArray();
    }

    [Fact]
    public async Task Each_vault_is_in_its_own_subscription_and_discovers_only_that_subscriptions_VMs()
    {
        var settings = TestEmulator.FastSettings();
        settings.SeedPath = Path.Combine(Repo.Root, "tests", "pester", "seeds", "two-subscriptions.json");
        await using var host = await TestEmulator.StartAsync(settings);
        using var arm = await RawArm.SignedInAsync(host);

        var eastVaults = await RawArm.Body(await arm.Get($"/subscriptions/{East}/providers/Microsoft.RecoveryServices/vaults?api-version=2025-08-01"));
        Assert.Equal(EastVault, Assert.Single(eastVaults.GetProperty("value").EnumerateArray()).GetProperty("id").GetString(), ignoreCase: true);
        Assert.Equal(HttpStatusCode.NotFound, (await arm.Get($"/subscriptions/{East}/resourceGroups/BackupsWest/providers/Microsoft.RecoveryServices/vaults/VaultWest?api-version=2025-08-01")).StatusCode);

        foreach (var (vault, subscription, server) in new[] { (EastVault, East, "sqlserver-east"), (WestVault, West, "sqlserver-west") })
        {
            var container = Assert.Single(await ProtectableContainers(arm, vault));
            var properties = container.GetProperty("properties");
            Assert.Equal(server, properties.GetProperty("friendlyName").GetString());
            Assert.StartsWith($"/subscriptions/{subscription}/", properties.GetProperty("containerId").GetString());
        }
    }
}
