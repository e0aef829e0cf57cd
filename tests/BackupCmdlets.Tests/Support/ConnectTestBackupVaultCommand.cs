using System.Management.Automation;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Connection;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Tests.Support;

/// <summary>
/// Connect-TestBackupVault: what Connect-BackupVault does, with the client's timings at test speed
/// (polls, retries, the settle time after an ambiguous trigger), so runspace tests take seconds, not
/// minutes. It runs in the test's runspace on its pipeline thread and sets that runspace's connection,
/// as the real cmdlet does; Connect-BackupVault itself is tested on its own and by the README's demo.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "TestBackupVault")]
[OutputType(typeof(BackupContext))]
public sealed class ConnectTestBackupVaultCommand : PSCmdlet
{
    [Parameter(Mandatory = true)]
    public Uri ResourceManagerUrl { get; set; } = null!;

    [Parameter]
    public double PollSeconds { get; set; } = 0.2;

    [Parameter]
    public double AmbiguousTriggerCheckSeconds { get; set; } = 0.1;

    [Parameter]
    public double RetryDelaySeconds { get; set; } = 0.05;

    [Parameter]
    public double MaxRetryDelaySeconds { get; set; } = 30;

    /// <summary>How long one request may take before the client gives up on it (a "late answer" fault outlasts it).</summary>
    [Parameter]
    public double NetworkTimeoutSeconds { get; set; } = 100;

    [Parameter]
    public int MaxRetries { get; set; } = -1;

    /// <summary>Skip reading the vault first (a fault matrix counts every request).</summary>
    [Parameter]
    public SwitchParameter NoVaultRead { get; set; }

    protected override void ProcessRecord()
    {
        var options = new BackupClientOptions
        {
            DefaultPollInterval = TimeSpan.FromSeconds(PollSeconds),
            JobPollInterval = TimeSpan.FromSeconds(PollSeconds),
            AmbiguousTriggerCheckDelay = TimeSpan.FromSeconds(AmbiguousTriggerCheckSeconds),
        };
        options.Retry.Delay = TimeSpan.FromSeconds(RetryDelaySeconds);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(MaxRetryDelaySeconds);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(NetworkTimeoutSeconds);
        if (MaxRetries >= 0) options.Retry.MaxRetries = MaxRetries;
        var client = BackupClient.Create(new ConnectionSettings { Environment = "Emulator", ResourceManagerUrl = ResourceManagerUrl }, options);
        var vault = NoVaultRead ? null : client.GetVaultAsync(TestEmulator.VaultId).GetAwaiter().GetResult();
        var context = new BackupContext(client, TestEmulator.VaultId, "Emulator", vault!);
        BackupSession.Current = context;
        WriteObject(context);
    }
}
