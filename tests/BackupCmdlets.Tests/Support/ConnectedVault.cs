using BackupCmdlets.Emulator;

namespace BackupCmdlets.Tests.Support;

/// <summary>One emulator and one connected runspace for a whole test class whose cases may send nothing (refusals).</summary>
public sealed class ConnectedVault : IAsyncLifetime
{
    public EmulatorHost Emulator { get; private set; } = null!;
    internal PowerShellSession Ps { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await TestEmulator.StartAsync();
        Ps = PowerShellSession.Connected(Emulator);
    }

    public async Task DisposeAsync()
    {
        Ps.Dispose();
        await Emulator.DisposeAsync();
    }
}
