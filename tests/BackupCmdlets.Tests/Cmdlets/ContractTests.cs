using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// The cmdlets' contract as PowerShell itself sees it once the manifest is imported: Get-Command,
/// CommandInfo.Parameters / ParameterSets / OutputType, CommandMetadata and Get-Verb.
/// </summary>
public class ContractTests
{
    static readonly string[] Workflow =
    {
        "Connect-BackupVault", "Invoke-BackupContainerRefresh", "Get-BackupProtectableContainer", "Register-BackupContainer",
        "Get-BackupContainer", "Invoke-BackupContainerInquiry", "Get-BackupProtectableItem", "Get-BackupPolicy",
        "Enable-BackupProtection", "Get-BackupProtectedItem", "Start-BackupItem", "Wait-BackupOperation", "Get-BackupJob", "Wait-BackupJob",
    };

    static readonly string[] Changes = { "Invoke-BackupContainerRefresh", "Register-BackupContainer", "Invoke-BackupContainerInquiry", "Enable-BackupProtection", "Start-BackupItem", "Stop-BackupJob",
        "Enable-BackupAutoProtection", "Disable-BackupAutoProtection",
        "Disable-BackupProtection", "Set-BackupProtection", "Unregister-BackupContainer", "Undo-BackupItemDeletion", "Restore-BackupItem" };

    /// <summary>The module's commands as Get-Command lists them in a runspace that imported the manifest.</summary>
    static Dictionary<string, CmdletInfo> Commands()
    {
        using var ps = PowerShellSession.Start();
        return ps.Run("Get-Command -Module BackupCmdlets").AssertNoErrors().OutputOf<CmdletInfo>().ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
    }

    static bool BindsByValue(CmdletInfo cmdlet, Type input) =>
        cmdlet.Parameters.Values.Any(p => p.ParameterSets.Values.Any(s => s.ValueFromPipeline) &&
            (p.ParameterType.IsAssignableFrom(input) || (p.ParameterType.IsArray && p.ParameterType.GetElementType()!.IsAssignableFrom(input))));

    [Fact]
    public void The_manifest_exports_every_cmdlet_the_module_implements_and_nothing_else()
    {
        var commands = Commands();
        Assert.Equal(ModuleMetadata.Cmdlets.Select(ModuleMetadata.Name).OrderBy(n => n), commands.Keys.OrderBy(n => n));
        Assert.All(commands.Values, c => Assert.Equal(CommandTypes.Cmdlet, c.CommandType));
        Assert.All(commands.Values, c => Assert.Contains(c.ImplementingType, ModuleMetadata.Cmdlets));
    }

    [Fact]
    public void Every_workflow_cmdlet_exists_with_an_approved_verb_and_an_output_type()
    {
        var commands = Commands();
        using var ps = PowerShellSession.Start();
        var approved = ps.Run("(Get-Verb).Verb").AssertNoErrors().Output.Select(o => (string)o.BaseObject).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("Get", approved); // Get-Verb answered

        foreach (var name in Workflow)
        {
            Assert.True(commands.ContainsKey(name), $"{name} is missing");
            var command = commands[name];
            Assert.Contains(command.Verb, approved);
            Assert.True(command.OutputType.Any(t => t.Type != null), $"{name} declares no OutputType PowerShell can resolve");
            Assert.True(command.ImplementingType.IsSealed && command.ImplementingType.IsPublic, $"{name} must be public and sealed");
        }
        Assert.All(commands.Values, c => Assert.Contains(c.Verb, approved));
    }

    [Fact]
    public void Importing_the_module_warns_of_no_unapproved_verb()
    {
        using var ps = PowerShellSession.Start();
        var import = ps.Run("Import-Module $manifest -Force -Verbose", ("manifest", PowerShellSession.ManifestPath)).AssertNoErrors();
        Assert.Contains(import.Verbose, v => v.Contains("Start-BackupItem", StringComparison.Ordinal)); // the import really happened
        Assert.Empty(import.Warnings);
    }

    [Fact]
    public void Cmdlets_that_change_something_support_WhatIf_and_Confirm_and_read_only_ones_do_not()
    {
        foreach (var (name, command) in Commands())
        {
            var metadata = new CommandMetadata(command);
            var changes = Changes.Contains(name);
            Assert.True(metadata.SupportsShouldProcess == changes, $"{name}: SupportsShouldProcess is {metadata.SupportsShouldProcess}");
            Assert.True(command.Parameters.ContainsKey("WhatIf") == changes, $"{name}: -WhatIf is {(changes ? "missing" : "offered")}");
            Assert.True(command.Parameters.ContainsKey("Confirm") == changes, $"{name}: -Confirm is {(changes ? "missing" : "offered")}");
        }
    }

    [Theory]
    [InlineData("Get-BackupProtectableContainer", "Register-BackupContainer", typeof(ProtectableContainer))]
    [InlineData("Register-BackupContainer", "Wait-BackupOperation", typeof(BackupOperation))]
    [InlineData("Wait-BackupOperation", "Invoke-BackupContainerInquiry", typeof(ProtectionContainer))]
    [InlineData("Get-BackupContainer", "Invoke-BackupContainerInquiry", typeof(ProtectionContainer))]
    [InlineData("Invoke-BackupContainerInquiry", "Wait-BackupOperation", typeof(BackupOperation))]
    [InlineData("Invoke-BackupContainerRefresh", "Wait-BackupOperation", typeof(BackupOperation))]
    [InlineData("Get-BackupProtectableItem", "Enable-BackupProtection", typeof(ProtectableItem))]
    [InlineData("Enable-BackupProtection", "Wait-BackupOperation", typeof(BackupOperation))]
    [InlineData("Wait-BackupOperation", "Start-BackupItem", typeof(ProtectedItem))]
    [InlineData("Get-BackupProtectedItem", "Start-BackupItem", typeof(ProtectedItem))]
    [InlineData("Start-BackupItem", "Wait-BackupOperation", typeof(BackupOperation))]
    [InlineData("Wait-BackupOperation", "Wait-BackupJob", typeof(BackupJob))]
    [InlineData("Get-BackupJob", "Wait-BackupJob", typeof(BackupJob))]
    [InlineData("Get-BackupJob", "Stop-BackupJob", typeof(BackupJob))]
    [InlineData("Wait-BackupJob", "Get-BackupRecoveryPoint", typeof(BackupJob))]
    [InlineData("Get-BackupProtectedItem", "Get-BackupRecoveryPoint", typeof(ProtectedItem))]
    [InlineData("Get-BackupProtectableItem", "Enable-BackupAutoProtection", typeof(ProtectableItem))]
    [InlineData("Get-BackupAutoProtection", "Disable-BackupAutoProtection", typeof(ProtectionIntent))]
    [InlineData("Enable-BackupAutoProtection", "Disable-BackupAutoProtection", typeof(ProtectionIntent))]
    [InlineData("Get-BackupProtectableItem", "Get-BackupAutoProtection", typeof(ProtectableItem))]
    [InlineData("Get-BackupProtectedItem", "Disable-BackupProtection", typeof(ProtectedItem))]
    [InlineData("Disable-BackupProtection", "Wait-BackupOperation", typeof(BackupOperation))]
    [InlineData("Get-BackupProtectedItem", "Enable-BackupProtection", typeof(ProtectedItem))]
    [InlineData("Get-BackupProtectedItem", "Set-BackupProtection", typeof(ProtectedItem))]
    [InlineData("Get-BackupProtectedItem", "Undo-BackupItemDeletion", typeof(ProtectedItem))]
    [InlineData("Get-BackupContainer", "Unregister-BackupContainer", typeof(ProtectionContainer))]
    [InlineData("Unregister-BackupContainer", "Wait-BackupOperation", typeof(BackupOperation))]
    public void Each_stage_of_the_pipeline_binds_into_the_next(string from, string to, Type carried)
    {
        var commands = Commands();
        Assert.Contains(commands[from].OutputType, t => t.Type != null && t.Type.IsAssignableFrom(carried));
        Assert.True(BindsByValue(commands[to], carried), $"{to} has no ValueFromPipeline parameter for {carried.Name}");
    }

    [Fact]
    public void Objects_with_a_JobId_bind_to_Get_BackupJob_by_property_name()
    {
        var jobId = Commands()["Get-BackupJob"].Parameters["JobId"];
        Assert.Contains(jobId.ParameterSets.Values, s => s.ValueFromPipelineByPropertyName);
        Assert.NotNull(typeof(BackupJob).GetProperty("JobId"));
        Assert.NotNull(typeof(BackupOperation).GetProperty("JobId"));
    }

    [Fact]
    public void ValidateSet_lists_match_the_checks_made_before_requests()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["BackupManagementType"] = Inputs.BackupManagementTypes,
            ["BackupType"] = Inputs.BackupTypes,
            ["Environment"] = Inputs.Environments,
            ["ProtectableItemType"] = Inputs.ProtectableItemTypes,
            ["Status"] = Inputs.JobStatuses,
            ["Operation"] = Inputs.JobOperations,
            ["WorkloadType"] = Inputs.WorkloadTypes,
            ["ItemType"] = BackupCmdlets.Client.BackupClient.AutoProtectableItemTypes.ToArray(),
        };
        var checkedSets = 0;
        foreach (var (name, command) in Commands())
            foreach (var p in command.Parameters.Values)
            {
                var set = p.Attributes.OfType<ValidateSetAttribute>().FirstOrDefault();
                if (set == null || !expected.TryGetValue(p.Name, out var values)) continue;
                checkedSets++;
                Assert.True(set.ValidValues.All(values.Contains), $"{name} -{p.Name} allows {string.Join(",", set.ValidValues.Except(values))} which the checks refuse");
            }
        // PowerShell sees every such ValidateSet the cmdlet classes declare.
        var declared = ModuleMetadata.Cmdlets.SelectMany(t => t.GetProperties())
            .Count(p => expected.ContainsKey(p.Name) && p.GetCustomAttributes(typeof(ValidateSetAttribute), true).Length > 0);
        Assert.True(declared > 0);
        Assert.Equal(declared, checkedSets);
    }

    [Fact]
    public void The_module_assembly_references_no_Azure_assembly()
    {
        var azure = ModuleMetadata.Module.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("Azure", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Empty(azure);
    }
}
