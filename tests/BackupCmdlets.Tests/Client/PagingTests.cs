using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.ClientTests;

public class PagingTests
{
    static string Page(int from, int count, string? next) =>
        "{\"value\":[" + string.Join(",", Enumerable.Range(from, count).Select(i =>
            $"{{\"id\":\"{Bodies.ContainerPath}/protectableItems/sqldatabase;mssqlserver;db{i}\",\"name\":\"sqldatabase;mssqlserver;db{i}\",\"properties\":{{\"protectableItemType\":\"SQLDataBase\",\"friendlyName\":\"db{i}\"}}}}"))
        + "]" + (next == null ? "" : $",\"nextLink\":\"{next}\"") + "}";

    [Fact]
    public async Task Items_stream_across_three_pages_and_each_page_is_fetched_only_when_needed()
    {
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
        {
            var token = ctx.Request.Query["$skipToken"].ToString();
            return token switch
            {
                "" => ScriptedServer.Json(ctx, 200, Page(0, 3, s.Url(Bodies.Vault + "/backupProtectableItems?api-version=2025-08-01&$skipToken=p2"))),
                "p2" => ScriptedServer.Json(ctx, 200, Page(3, 3, s.Url(Bodies.Vault + "/backupProtectableItems?api-version=2025-08-01&$skipToken=p3"))),
                _ => ScriptedServer.Json(ctx, 200, Page(6, 2, null)),
            };
        });
        var items = server.Client().ListProtectableItemsAsync(VaultId.Parse(Bodies.Vault)).GetAsyncEnumerator();
        Assert.True(await items.MoveNextAsync());
        Assert.Single(server.Requests); // the first item is out before the second page is asked for

        var names = new List<string> { items.Current.FriendlyName };
        while (await items.MoveNextAsync()) names.Add(items.Current.FriendlyName);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => "db" + i), names);
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("$filter=backupManagementType%20eq%20%27AzureWorkload%27", server.Requests.First().PathAndQuery);
    }

    [Fact]
    public async Task A_nextLink_that_repeats_stops_with_an_error_instead_of_looping()
    {
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
            ScriptedServer.Json(ctx, 200, Page(0, 1, s.Url(Bodies.Vault + "/backupProtectableItems?api-version=2025-08-01&$skipToken=same"))));
        var client = server.Client();
        var e = await Assert.ThrowsAsync<BackupCmdlets.Client.BackupException>(async () =>
        {
            await foreach (var _ in client.ListProtectableItemsAsync(VaultId.Parse(Bodies.Vault))) { }
        });
        Assert.Contains("nextLink", e.Message);
    }

    [Fact]
    public async Task The_emulator_pages_protectable_items_and_the_client_reads_them_all()
    {
        var settings = TestEmulator.FastSettings(pageSize: 2);
        settings.OperationDuration = TimeSpan.Zero;
        settings.RetryAfterSeconds = 0;
        await using var emulator = await TestEmulator.StartAsync(settings);
        var client = TestEmulator.Client(emulator);
        await EmulatorSteps.RegisterAndInquireAsync(client, "sqlserver-0");

        var items = new List<ProtectableItem>();
        await foreach (var item in client.ListProtectableItemsAsync(TestEmulator.VaultId)) items.Add(item);

        Assert.Equal(6, items.Count); // the instance and its five databases
        Assert.Equal(3, emulator.Log.Entries.Count(e => e.Path.EndsWith("/backupProtectableItems")));
        Assert.Equal(new[] { "InventoryDB", "master", "model", "msdb", "SalesDB" }, items.Where(i => i.ProtectableItemType == "SQLDataBase").Select(i => i.FriendlyName).OrderBy(n => n, StringComparer.OrdinalIgnoreCase));
    }
}
