using BackupCmdlets.Client;
using BackupCmdlets.Client.Models;

namespace BackupCmdlets.Tests.Support;

/// <summary>Workflow steps through the client alone, for tests that start further along.</summary>
internal static class EmulatorSteps
{
    public static async Task<ProtectionContainer> RegisterAndInquireAsync(BackupClient client, string vm)
    {
        await client.WaitForOperationAsync(await client.RefreshContainersAsync(TestEmulator.VaultId));
        ProtectableContainer? found = null;
        await foreach (var c in client.ListProtectableContainersAsync(TestEmulator.VaultId))
            if (c.FriendlyName == vm) found = c;
        var registered = (ProtectionContainer)(await client.WaitForOperationAsync(await client.RegisterContainerAsync(found!)))!;
        return (ProtectionContainer)(await client.WaitForOperationAsync(await client.InquireAsync(registered)))!;
    }

    public static async Task<ProtectedItem> ProtectAsync(BackupClient client, string database)
    {
        ProtectableItem? item = null;
        await foreach (var i in client.ListProtectableItemsAsync(TestEmulator.VaultId))
            if (i.FriendlyName == database) item = i;
        var policy = await client.GetPolicyAsync(TestEmulator.VaultId, "HourlyLogBackup");
        return (ProtectedItem)(await client.WaitForOperationAsync(await client.EnableProtectionAsync(item!, policy)))!;
    }

    /// <summary>An Azure VM protected with the seed's IaaS policy: refresh of AzureIaasVM, then enable.</summary>
    public static async Task<ProtectedItem> ProtectVmAsync(BackupClient client, string vm)
    {
        await client.WaitForOperationAsync(await client.RefreshContainersAsync(TestEmulator.VaultId, "AzureIaasVM"));
        ProtectableItem? item = null;
        await foreach (var i in client.ListProtectableItemsAsync(TestEmulator.VaultId, "AzureIaasVM"))
            if (i.FriendlyName == vm) item = i;
        var policy = await client.GetPolicyAsync(TestEmulator.VaultId, "DailyVMPolicy");
        return (ProtectedItem)(await client.WaitForOperationAsync(await client.EnableProtectionAsync(item!, policy)))!;
    }

    /// <summary>A file share protected with the seed's file share policy: refresh, register the account, inquire, enable.</summary>
    public static async Task<ProtectedItem> ProtectFileShareAsync(BackupClient client, string share, string account = "shopkartfiles")
    {
        await client.WaitForOperationAsync(await client.RefreshContainersAsync(TestEmulator.VaultId, "AzureStorage"));
        ProtectableContainer? found = null;
        await foreach (var c in client.ListProtectableContainersAsync(TestEmulator.VaultId, "AzureStorage"))
            if (c.FriendlyName == account) found = c;
        if (found != null)
        {
            var registered = (ProtectionContainer)(await client.WaitForOperationAsync(await client.RegisterContainerAsync(found)))!;
            await client.WaitForOperationAsync(await client.InquireAsync(registered));
        }
        ProtectableItem? item = null;
        await foreach (var i in client.ListProtectableItemsAsync(TestEmulator.VaultId, "AzureStorage"))
            if (i.FriendlyName == share) item = i;
        var policy = await client.GetPolicyAsync(TestEmulator.VaultId, "DailyFileSharePolicy");
        return (ProtectedItem)(await client.WaitForOperationAsync(await client.EnableProtectionAsync(item!, policy)))!;
    }
}
