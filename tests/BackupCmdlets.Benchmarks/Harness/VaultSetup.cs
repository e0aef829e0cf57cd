using BackupCmdlets.Client;
using BackupCmdlets.Client.Connection;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;

namespace BackupCmdlets.Benchmarks.Harness;

/// <summary>
/// What comes before the measured part: every SQL VM of the seed registered and inquired, so its databases
/// are protectable. Done by the client library from the harness (not timed), all VMs at once.
/// </summary>
public static class VaultSetup
{
    public static readonly VaultId Vault = new(Repo.Subscription, Repo.ResourceGroup, Repo.Vault);

    public static BackupClient Client(Uri url) =>
        BackupClient.Create(new ConnectionSettings { Environment = "Emulator", ResourceManagerUrl = url });

    public static async Task RegisterAllAsync(Uri url)
    {
        var client = Client(url);
        await client.WaitForOperationAsync(await client.RefreshContainersAsync(Vault));
        var containers = new List<ProtectableContainer>();
        await foreach (var c in client.ListProtectableContainersAsync(Vault)) containers.Add(c);
        var registered = await Task.WhenAll(containers.Select(async c => (ProtectionContainer)(await client.WaitForOperationAsync(await client.RegisterContainerAsync(c)))!));
        await Task.WhenAll(registered.Select(async c => await client.WaitForOperationAsync(await client.InquireAsync(c))));
    }

    /// <summary>
    /// After the set-up, waits until Resource Manager's buckets are full again (what the set-up took, at the refill
    /// rates), so the measured part starts as a fresh session would.
    /// </summary>
    public static async Task RefillAsync(EmulatorProcess emulator, ThrottleModel model)
    {
        var log = (await emulator.RequestsAsync()).Where(RequestKinds.IsArm).ToList();
        var writes = log.Count(RequestKinds.IsWrite);
        var reads = log.Count - writes;
        var seconds = Math.Max(Math.Min(writes, model.WriteBurst) / model.WritesPerSecond, Math.Min(reads, model.ReadBurst) / model.ReadsPerSecond);
        await Task.Delay(TimeSpan.FromSeconds(seconds + 0.5));
    }
}
