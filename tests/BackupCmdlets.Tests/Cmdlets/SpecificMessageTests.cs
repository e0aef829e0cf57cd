using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Tests.Support;
using BackupCmdlets.Tests.Workflow;

namespace BackupCmdlets.Tests.Cmdlets;

/// <summary>Issue 11, "errors": a refusal says what happened in the user's own terms and what to do instead.</summary>
public class SpecificMessageTests
{
    [Fact]
    public async Task Registering_a_VM_already_registered_says_so_and_how_to_see_it()
    {
        await using var emulator = await TestEmulator.StartAsync(TestEmulator.FastSettings());
        using var ps = Prepared.RegisteredAndInquired(emulator);
        var before = emulator.Log.Count;
        var run = ps.Run("Register-BackupContainer -FriendlyName sqlserver-0");
        var error = Assert.Single(run.Errors);
        Assert.Equal(CmdletErrorChecks.Qualified("ContainerAlreadyRegistered", "Register-BackupContainer"), error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal("sqlserver-0", error.TargetObject);
        Assert.Equal("'sqlserver-0' is already registered with vault 'SQLServer2012' as container 'VMAppContainer;Compute;SQLServerPMDemo;sqlserver-0' (Registered). See it with Get-BackupContainer -FriendlyName sqlserver-0.", error.Exception.Message);
        Assert.Empty(run.Output);
        Assert.All(emulator.Log.Entries.Skip(before), e => Assert.Equal("GET", e.Method));

        // A VM neither discovered nor registered is still "not found, refresh".
        var unknown = Assert.Single(ps.Run("Register-BackupContainer -FriendlyName sqlserver-9").Errors);
        Assert.Equal(CmdletErrorChecks.Qualified("ProtectableContainerNotFound", "Register-BackupContainer"), unknown.FullyQualifiedErrorId);
    }

    [Fact]
    public async Task Piping_an_unprotected_item_into_Start_BackupItem_says_to_protect_it_first()
    {
        await using var emulator = await TestEmulator.StartAsync(TestEmulator.FastSettings());
        using var ps = Prepared.RegisteredAndInquired(emulator);
        var before = emulator.Log.Count;
        var run = ps.Run("Get-BackupProtectableItem -Name msdb | Start-BackupItem -BackupType Full");
        var error = Assert.Single(run.Errors);
        Assert.Equal(CmdletErrorChecks.Qualified("ItemNotProtected", "Start-BackupItem"), error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.IsType<ProtectableItem>(error.TargetObject);
        Assert.StartsWith("'msdb' is not protected yet, so it has no backups to start. Protect it first: ", error.Exception.Message);
        Assert.Contains("Enable-BackupProtection", error.Exception.Message);
        Assert.Empty(run.Output);
        // Only the listing of protectable items was sent; no backup.
        Assert.All(emulator.Log.Entries.Skip(before), e => Assert.Equal("GET", e.Method));

        var container = Assert.Single(ps.Run("Get-BackupContainer -FriendlyName sqlserver-0 | Start-BackupItem").Errors);
        Assert.Equal(CmdletErrorChecks.Qualified("ItemNotProtected", "Start-BackupItem"), container.FullyQualifiedErrorId);
        Assert.Contains("is a ProtectionContainer. Pipe in Get-BackupProtectedItem's output.", container.Exception.Message);
    }

    [Fact]
    public async Task RetainDays_too_short_for_a_full_backup_is_refused_in_the_days_typed()
    {
        await using var emulator = await TestEmulator.StartAsync(TestEmulator.FastSettings());
        using var ps = PowerShellSession.Connected(emulator);
        var item = CmdletInputObjects.ItemIn(CmdletInputObjects.Here);
        var before = emulator.Log.Count;
        // The 45-day floor is the workload's rule, so it is checked per item: a non-terminating error for this item.
        var run = ps.Run("$item | Start-BackupItem -BackupType Full -RetainDays 10", ("item", item));
        var e = Assert.Single(run.Errors);
        Assert.Equal(CmdletErrorChecks.Qualified("StartBackupFailed", "Start-BackupItem"), e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.StartsWith("-RetainDays 10: the recovery point would expire on ", e.Exception.Message);
        Assert.Contains(DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd"), e.Exception.Message);
        Assert.Contains(", which is less than 45 days away; an on-demand full backup is kept at least 45 days. Use 45 days or more, or the CopyOnlyFull backup type", e.Exception.Message);
        Assert.Equal(before, emulator.Log.Count);

        // A date typed is echoed as a date.
        var date = ps.Caught("$item | Start-BackupItem -BackupType Full -ExpiryDateTimeUtc ([datetime]'2000-01-01')", ("item", item)).Terminating();
        Assert.StartsWith("-ExpiryDateTimeUtc 2000-01-01 00:00:00Z is in the past", date.Exception.Message);
    }

    [Fact]
    public async Task A_policy_of_another_type_is_refused_with_an_article_that_fits()
    {
        await using var emulator = await TestEmulator.StartAsync(TestEmulator.FastSettings());
        using var ps = Prepared.RegisteredAndInquired(emulator);
        var run = ps.Run("Get-BackupProtectableItem -Name msdb | Enable-BackupProtection -PolicyName DailyVMPolicy");
        var error = Assert.Single(run.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("is managed by AzureWorkload. Use an AzureWorkload policy.", error.Exception.Message);
    }
}
