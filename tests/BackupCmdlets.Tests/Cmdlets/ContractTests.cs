#if STAND_IN_ENGINE // not yet ported to real runspaces (issue 8)
using System.Collections;
using System.Management.Automation;
using System.Reflection;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// The cmdlets' declared contract, read from metadata (the stand-in assembly's attributes read
/// empty at run time, so CustomAttributeData is the only faithful view of what PowerShell will see).
/// </summary>
public class ContractTests
{
    static readonly Assembly Module = ModuleMetadata.Module;

    /// <summary>PowerShell's approved verbs (Get-Verb).</summary>
    static readonly HashSet<string> ApprovedVerbs = new(StringComparer.Ordinal)
    {
        "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New", "Open", "Optimize",
        "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip", "Split", "Step", "Switch",
        "Undo", "Unlock", "Watch", "Connect", "Disconnect", "Read", "Receive", "Send", "Write", "Backup", "Checkpoint", "Compare", "Compress",
        "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand", "Export", "Group", "Import", "Initialize", "Limit", "Merge",
        "Mount", "Out", "Publish", "Restore", "Save", "Sync", "Unpublish", "Update", "Approve", "Assert", "Build", "Complete", "Confirm",
        "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke", "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit",
        "Suspend", "Uninstall", "Unregister", "Wait", "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace", "Block", "Grant",
        "Protect", "Revoke", "Unblock", "Unprotect", "Use",
    };

    static readonly string[] Workflow =
    {
        "Connect-BackupVault", "Invoke-BackupContainerRefresh", "Get-BackupProtectableContainer", "Register-BackupContainer",
        "Get-BackupContainer", "Invoke-BackupContainerInquiry", "Get-BackupProtectableItem", "Get-BackupPolicy",
        "Enable-BackupProtection", "Get-BackupProtectedItem", "Start-BackupItem", "Wait-BackupOperation", "Get-BackupJob", "Wait-BackupJob",
    };

    static readonly string[] Changes = { "Invoke-BackupContainerRefresh", "Register-BackupContainer", "Invoke-BackupContainerInquiry", "Enable-BackupProtection", "Start-BackupItem", "Stop-BackupJob" };

    static Dictionary<string, Type> Cmdlets() => ModuleMetadata.Cmdlets.ToDictionary(ModuleMetadata.Name, StringComparer.OrdinalIgnoreCase);

    static CustomAttributeData? CmdletData(Type t) => ModuleMetadata.CmdletData(t);

    static object? Named(CustomAttributeData a, string name) => a.NamedArguments.FirstOrDefault(n => n.MemberName == name).TypedValue.Value;

    static IEnumerable<Type> OutputTypes(Type t) => ModuleMetadata.OutputTypes(t);

    static bool BindsByValue(Type cmdlet, Type input) =>
        cmdlet.GetProperties().Any(p => Pipeline.Flag(p, "ValueFromPipeline") &&
            (p.PropertyType.IsAssignableFrom(input) || (p.PropertyType.IsArray && p.PropertyType.GetElementType()!.IsAssignableFrom(input))));

    [Fact]
    public void Every_workflow_cmdlet_exists_with_an_approved_verb_and_an_output_type()
    {
        var cmdlets = Cmdlets();
        foreach (var name in Workflow)
        {
            Assert.True(cmdlets.ContainsKey(name), $"{name} is missing");
            var type = cmdlets[name];
            Assert.Contains(name.Split('-')[0], ApprovedVerbs);
            Assert.True(OutputTypes(type).Any(), $"{name} declares no OutputType");
            Assert.True(type.IsSealed && type.IsPublic, $"{name} must be public and sealed");
        }
        Assert.All(cmdlets.Keys, n => Assert.Contains(n.Split('-')[0], ApprovedVerbs));
    }

    [Fact]
    public void Cmdlets_that_change_something_support_WhatIf_and_Confirm_and_read_only_ones_do_not()
    {
        foreach (var (name, type) in Cmdlets())
        {
            var supports = Named(CmdletData(type)!, "SupportsShouldProcess") is true;
            Assert.True(supports == Changes.Contains(name), $"{name}: SupportsShouldProcess is {supports}");
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
    public void Each_stage_of_the_pipeline_binds_into_the_next(string from, string to, Type carried)
    {
        var cmdlets = Cmdlets();
        Assert.Contains(OutputTypes(cmdlets[from]), t => t.IsAssignableFrom(carried));
        Assert.True(BindsByValue(cmdlets[to], carried), $"{to} has no ValueFromPipeline parameter for {carried.Name}");
    }

    [Fact]
    public void Objects_with_a_JobId_bind_to_Get_BackupJob_by_property_name()
    {
        var jobId = Cmdlets()["Get-BackupJob"].GetProperty("JobId")!;
        Assert.True(Pipeline.Flag(jobId, "ValueFromPipelineByPropertyName"));
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
        };
        foreach (var (name, type) in Cmdlets())
            foreach (var p in type.GetProperties())
            {
                var set = p.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(ValidateSetAttribute));
                if (set == null || !expected.TryGetValue(p.Name, out var values)) continue;
                var declared = ((IEnumerable<CustomAttributeTypedArgument>)set.ConstructorArguments[0].Value!).Select(v => (string)v.Value!).ToArray();
                Assert.True(declared.All(values.Contains), $"{name} -{p.Name} allows {string.Join(",", declared.Except(values))} which the checks refuse");
            }
    }

    [Fact]
    public void The_module_assembly_references_no_Azure_assembly()
    {
        var azure = Module.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("Azure", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Empty(azure);
    }
}
#endif
