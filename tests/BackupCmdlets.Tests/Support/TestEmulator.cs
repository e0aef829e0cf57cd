using BackupCmdlets.Client;
using BackupCmdlets.Client.Connection;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Emulator;

namespace BackupCmdlets.Tests.Support;

/// <summary>An emulator on a free loopback port with settings fast enough for tests.</summary>
internal static class TestEmulator
{
    public const string Subscription = "00000000-0000-0000-0000-000000000000";
    public const string ResourceGroup = "SQLServerSelfHost";
    public const string Vault = "SQLServer2012";

    public static readonly VaultId VaultId = new(Subscription, ResourceGroup, Vault);

    public static EmulatorSettings FastSettings(int pageSize = 50) => new()
    {
        OperationDuration = TimeSpan.FromMilliseconds(1200),
        RetryAfterSeconds = 1,
        JobDuration = TimeSpan.FromMilliseconds(1500),
        PageSize = pageSize,
    };

    public static Task<EmulatorHost> StartAsync(EmulatorSettings? settings = null) => EmulatorHost.StartAsync(settings ?? FastSettings());

    public static BackupClient Client(EmulatorHost host, Action<BackupClientOptions>? configure = null)
    {
        var options = new BackupClientOptions { DefaultPollInterval = TimeSpan.FromMilliseconds(200), JobPollInterval = TimeSpan.FromMilliseconds(200), AmbiguousTriggerCheckDelay = TimeSpan.FromMilliseconds(100) };
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
        configure?.Invoke(options);
        return BackupClient.Create(new ConnectionSettings { Environment = "Emulator", ResourceManagerUrl = host.BaseUri }, options);
    }
}
