using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Tests.Support;
using BackupCmdlets.Tests.Workflow;

namespace BackupCmdlets.Tests.Cmdlets;

/// <summary>Issue 11: a policy named the short way binds; input that cannot be used is refused before any request.</summary>
public class PolicyNameBindingTests
{
    [Fact]
    public async Task A_policy_name_at_position_0_binds_to_PolicyName_and_protects()
    {
        await using var emulator = await TestEmulator.StartAsync(TestEmulator.FastSettings());
        using var ps = Prepared.RegisteredAndInquired(emulator);
        var run = ps.Run("Get-BackupProtectableItem -Name msdb | Enable-BackupProtection HourlyLogBackup -Wait").AssertNoErrors();
        var item = Assert.Single(run.OutputOf<ProtectedItem>());
        Assert.Equal("msdb", item.FriendlyName);
        Assert.EndsWith("/backupPolicies/HourlyLogBackup", item.PolicyId, StringComparison.OrdinalIgnoreCase);

        // A policy object at position 0 still binds to -Policy.
        var byObject = ps.Run("$p = Get-BackupPolicy -Name HourlyLogBackup; Get-BackupProtectableItem -Name model | Enable-BackupProtection $p -Wait").AssertNoErrors();
        Assert.Equal("model", Assert.Single(byObject.OutputOf<ProtectedItem>()).FriendlyName);
    }

    [Fact]
    public async Task A_job_piped_into_Enable_BackupProtection_is_refused_before_the_policy_is_fetched()
    {
        await using var emulator = await TestEmulator.StartAsync(TestEmulator.FastSettings());
        using var ps = PowerShellSession.Connected(emulator);
        var before = emulator.Log.Count;
        var run = ps.Run("$job | Enable-BackupProtection -PolicyName HourlyLogBackup", ("job", CmdletInputObjects.JobIn(CmdletInputObjects.Here)));
        var error = Assert.Single(run.Errors);
        Assert.StartsWith("InputObjectNotBound,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(before, emulator.Log.Count);
    }

    [Theory]
    [InlineData("$null")]
    [InlineData("@()")]
    [InlineData("@($null)")]
    [InlineData("''")]
    public async Task Get_BackupPolicy_Name_empty_or_null_is_refused_instead_of_listing_every_policy(string value)
    {
        await using var emulator = await TestEmulator.StartAsync(TestEmulator.FastSettings());
        using var ps = PowerShellSession.Connected(emulator);
        var before = emulator.Log.Count;
        var e = ps.Caught($"Get-BackupPolicy -Name {value}").Terminating();
        Assert.Equal(CmdletErrorChecks.Qualified("InvalidArgument", "Get-BackupPolicy"), e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.StartsWith("-Name must not be empty", e.Exception.Message);
        Assert.Equal(before, emulator.Log.Count);
    }
}
