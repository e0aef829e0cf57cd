using System.Net;
using System.Text.Json;
using BackupCmdlets.Emulator;
using BackupCmdlets.Emulator.Seed;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>
/// Lists of generated inventories, paged by nextLink: a page costs its own size (counted in items the emulator
/// renders, not timed), and a list stays whole when the vault changes between its pages.
/// </summary>
public class PagingScaleTests
{
    const string ProtectableItems = RawArm.VaultPath + "/backupProtectableItems?api-version=2025-08-01&$filter=backupManagementType eq 'AzureWorkload'";

    static async Task<(RawArm Arm, EmulatorHost Host, string SeedFile)> StartAsync(int vms, int databasesPerVm, int pageSize)
    {
        var seedFile = Path.Combine(Path.GetTempPath(), $"generated-seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(seedFile, SeedGenerator.ToJson(SeedGenerator.Generate(vms, databasesPerVm)));
        var settings = TestEmulator.FastSettings(pageSize);
        settings.SeedPath = seedFile;
        settings.Clock = new ManualClock(DateTimeOffset.UtcNow); // with no duration, every operation is done at its first poll
        settings.OperationDuration = TimeSpan.Zero;
        // These tests count what each page renders; hundreds of pages read back to back would empty ARM's read bucket.
        settings.Throttling.Enabled = false;
        var host = await TestEmulator.StartAsync(settings);
        return (await RawArm.SignedInAsync(host), host, seedFile);
    }

    /// <summary>Refresh (once), register and inquire the generated VM number <paramref name="vm"/>, as the walkthrough does.</summary>
    static async Task RegisterAndInquire(RawArm arm, int vm, bool refresh)
    {
        if (refresh) await arm.RefreshedAsync();
        var name = $"sqlvm-{vm:D5}";
        var container = $"{RawArm.VaultPath}/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;{SeedGenerator.ResourceGroup};{name}";
        var body = JsonSerializer.Serialize(new
        {
            properties = new
            {
                backupManagementType = "AzureWorkload",
                containerType = "VMAppContainer",
                workloadType = "SQLDataBase",
                friendlyName = name,
                sourceResourceId = $"/subscriptions/{TestEmulator.Subscription}/resourceGroups/{SeedGenerator.ResourceGroup}/providers/Microsoft.Compute/virtualMachines/{name}",
            },
        });
        var put = await arm.Send(HttpMethod.Put, container + "?api-version=2016-12-01", body);
        Assert.Equal(HttpStatusCode.OK, (await arm.PollUntilDone(put.Headers.Location!.ToString())).StatusCode);
        var inquiry = await arm.Send(HttpMethod.Post, container + "/inquire?api-version=2016-12-01&$filter=workloadType EQ 'SQLDataBase'");
        Assert.Equal(HttpStatusCode.NoContent, (await arm.PollUntilDone(inquiry.Headers.Location!.ToString())).StatusCode);
    }

    /// <summary>One page: the ids of its items (names repeat from VM to VM) and its nextLink.</summary>
    static async Task<(List<string> Names, string? NextLink)> Page(RawArm arm, string url)
    {
        var response = await arm.Get(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await RawArm.Body(response);
        var ids = body.GetProperty("value").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        return (ids, body.TryGetProperty("nextLink", out var next) ? next.GetString() : null);
    }

    [Fact]
    public async Task Twenty_thousand_databases_list_whole_and_each_page_renders_only_itself()
    {
        const int pageSize = 200;
        var (arm, host, seedFile) = await StartAsync(vms: 4, databasesPerVm: 5_000, pageSize);
        await using var _h = host;
        using var _a = arm;
        try
        {
            for (var vm = 1; vm <= 4; vm++) await RegisterAndInquire(arm, vm, refresh: vm == 1);
            var pages = host.State.Pages;
            var (builtBefore, pulledBefore) = (pages.ListsBuilt, pages.ItemsPulled);

            var (names, next) = await Page(arm, ProtectableItems);
            // The first page drew its 200 items and one to know more follow: not the 20,004 of the list.
            Assert.InRange(pages.ItemsPulled - pulledBefore, pageSize, pageSize + 1);
            var pageCount = 1;
            while (next != null)
            {
                var pulled = pages.ItemsPulled;
                var (more, link) = await Page(arm, next);
                Assert.InRange(pages.ItemsPulled - pulled, 0, pageSize); // each later page draws at most its own items
                names.AddRange(more);
                next = link;
                pageCount++;
            }

            Assert.Equal(20_004, names.Count); // 4 instances and their 20,000 databases
            Assert.Equal(names.Count, names.Distinct().Count());
            Assert.Equal(20_000, names.Count(n => n.Contains("/protectableItems/sqldatabase;", StringComparison.Ordinal)));
            Assert.Equal(101, pageCount);
            // Over the whole listing the list was built once and each item rendered once.
            Assert.Equal(1, pages.ListsBuilt - builtBefore);
            Assert.Equal(20_004, pages.ItemsPulled - pulledBefore);
        }
        finally { File.Delete(seedFile); }
    }

    [Fact]
    public async Task A_list_stays_whole_when_the_vault_changes_between_pages_and_a_page_asked_twice_is_the_same()
    {
        var (arm, host, seedFile) = await StartAsync(vms: 3, databasesPerVm: 4, pageSize: 2);
        await using var _h = host;
        using var _a = arm;
        try
        {
            await RegisterAndInquire(arm, 1, refresh: true);
            var (names, next) = await Page(arm, ProtectableItems);
            Assert.NotNull(next);

            // Between pages another VM's instance and databases appear, and the first VM's protectable items change.
            await RegisterAndInquire(arm, 2, refresh: false);
            var again = await Page(arm, next!);
            var repeated = await Page(arm, next!); // a client retrying a page whose answer it lost
            Assert.Equal(again.Names, repeated.Names);
            Assert.Equal(again.NextLink, repeated.NextLink);
            names.AddRange(again.Names);
            next = again.NextLink;
            while (next != null)
            {
                var page = await Page(arm, next);
                names.AddRange(page.Names);
                next = page.NextLink;
            }

            // The list as it was when it began: the first VM's instance and four databases, each once.
            Assert.Equal(5, names.Count);
            Assert.Equal(names.Count, names.Distinct().Count());
            var containers = host.State.Vaults.Single().Containers.Values.Where(c => c.Inquired).Select(c => c.Name).ToList();
            Assert.Equal(2, containers.Count);

            // A new listing sees both VMs.
            var all = new List<string>();
            string? link = ProtectableItems;
            while (link != null)
            {
                var page = await Page(arm, link);
                all.AddRange(page.Names);
                link = page.NextLink;
            }
            Assert.Equal(10, all.Count);
            Assert.Equal(10, all.Distinct().Count());

            // A token the emulator never gave is refused as ARM refuses it.
            var bad = await arm.Get(ProtectableItems + "&$skipToken=not-a-token");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        finally { File.Delete(seedFile); }
    }
}
