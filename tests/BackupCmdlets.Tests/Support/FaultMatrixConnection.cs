using BackupCmdlets.Client;
using BackupCmdlets.Client.Connection;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Tests.Support;

/// <summary>
/// The fault matrix's connection: Connect-TestBackupVault's, plus the two timings it does not expose and
/// the matrix needs: a one-second network timeout (so a "late answer" really is late: the client gives up
/// before it arrives) and a 200 ms cap on retry delays. Called from script in the test's runspace, on its
/// pipeline thread, so it sets that runspace's connection as Connect-BackupVault does:
/// <c>[BackupCmdlets.Tests.Support.FaultMatrixConnection]::Connect($url)</c>.
/// </summary>
public static class FaultMatrixConnection
{
    public static BackupContext Connect(Uri resourceManagerUrl)
    {
        var options = new BackupClientOptions
        {
            DefaultPollInterval = TimeSpan.FromMilliseconds(50),
            JobPollInterval = TimeSpan.FromMilliseconds(50),
            AmbiguousTriggerCheckDelay = TimeSpan.FromMilliseconds(100),
        };
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(1);
        var client = BackupClient.Create(new ConnectionSettings { Environment = "Emulator", ResourceManagerUrl = resourceManagerUrl }, options);
        var context = new BackupContext(client, TestEmulator.VaultId, "Emulator", null!);
        BackupSession.Current = context;
        return context;
    }
}
