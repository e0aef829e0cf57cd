using BackupCmdlets.Client.Models;
using BackupCmdlets.Emulator;

namespace BackupCmdlets.Tests.Support;

/// <summary>One emulator with a protected SQL database, Azure VM and file share, for the request matrix.</summary>
public sealed class ProtectedWorkloads : IAsyncLifetime
{
    public EmulatorHost Emulator { get; private set; } = null!;
    public Dictionary<string, ProtectedItem> Items { get; } = new();

    public async Task InitializeAsync()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(50);
        settings.RetryAfterSeconds = 0;
        settings.JobDuration = TimeSpan.Zero; // each backup is over by the next request, so triggers never conflict
        Emulator = await TestEmulator.StartAsync(settings);
        var client = TestEmulator.Client(Emulator, o => o.DefaultPollInterval = TimeSpan.FromMilliseconds(20));
        await EmulatorSteps.RegisterAndInquireAsync(client, "sqlserver-0");
        Items["SQL"] = await EmulatorSteps.ProtectAsync(client, "msdb");
        Items["VM"] = await EmulatorSteps.ProtectVmAsync(client, "ad-primary-dc");
        Items["FileShare"] = await EmulatorSteps.ProtectFileShareAsync(client, "invoices");
    }

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}
