using System.Text.Json.Nodes;
using BackupCmdlets.Emulator;

namespace BackupCmdlets.Tests.Support;

/// <summary>
/// The default seed plus a second VM with a SQL instance (sqlserver-dr), the target of restores to
/// another instance. Made from the default seed at run time, so it follows that seed's changes.
/// </summary>
internal static class RestoreSeed
{
    public const string TargetVm = "sqlserver-dr";

    public static string Write()
    {
        var seed = JsonNode.Parse(File.ReadAllText(Repo.File("src", "BackupCmdlets.Emulator", "Seed", "default-seed.json")))!.AsObject();
        seed["virtualMachines"]!.AsArray().Add(new JsonObject
        {
            ["resourceGroup"] = "SQLServerPMDemo",
            ["name"] = TargetVm,
            ["hostServerName"] = TargetVm + ".shopkart.com",
            ["sqlInstances"] = new JsonArray(new JsonObject { ["name"] = "MSSQLSERVER", ["databases"] = new JsonArray("master", "model", "msdb") }),
        });
        var path = Path.Combine(Path.GetTempPath(), $"restore-seed-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, seed.ToJsonString());
        return path;
    }

    /// <summary>An emulator on that seed at test speed: operations in 100 ms, jobs in 300 ms, no Retry-After wait.</summary>
    public static async Task<EmulatorHost> StartAsync()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        settings.JobDuration = TimeSpan.FromMilliseconds(300);
        settings.RetryAfterSeconds = 0;
        settings.SeedPath = Write();
        try { return await TestEmulator.StartAsync(settings); }
        finally { File.Delete(settings.SeedPath); } // read once, at start
    }
}
