using System.Text.Json;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.ClientTests;

/// <summary>The models read the official examples, keep what they do not know, and never crash on what is missing.</summary>
public class ModelTests
{
    static JsonElement Body(string example) => Shapes.Example(example, "200").GetProperty("body");

    [Fact]
    public void Polymorphic_values_from_the_examples_round_trip_as_sent()
    {
        var vm = new ProtectedItem(Body("AzureIaasVm/Compute_ProtectedItem_Get.json"));
        Assert.Equal("Microsoft.Compute/virtualMachines", vm.ProtectedItemType);
        Assert.Equal("AzureIaasVM", vm.BackupManagementType);

        var sqlContainer = new ProtectionContainer(Body("AzureWorkload/ProtectionContainers_Get.json"));
        Assert.Equal("VMAppContainer", sqlContainer.ContainerType);
        Assert.Equal("Success", sqlContainer.InquiryStatus);
        Assert.Equal(14, sqlContainer.InquiryItemCount);
        Assert.Equal("testRg", sqlContainer.VaultId!.ResourceGroupName); // from "/Subscriptions/..." in the example's id

        var protectable = Body("AzureIaasVm/BackupProtectableItems_List.json").GetProperty("value").EnumerateArray().Select(e => new ProtectableItem(e)).ToList();
        Assert.Equal("Microsoft.ClassicCompute/virtualMachines", protectable[0].ProtectableItemType);
        Assert.All(protectable, p => Assert.EndsWith("/virtualMachines", p.ProtectableItemType));

        var job = new BackupJob(Body("Common/GetJobDetails.json"));
        Assert.Equal("AzureIaaSVMJob", job.JobType);
        Assert.Equal(TimeSpan.FromSeconds(9.8782791), job.Duration);
        Assert.False(job.IsTerminal);

        var policy = new BackupPolicy(Body("AzureWorkload/BackupPolicies_List.json").GetProperty("value")[0]);
        Assert.Equal("SQLDataBase", policy.WorkloadType);

        var status = new OperationStatus(Body("AzureIaasVm/ProtectedItemOperationStatus.json"));
        Assert.True(status.IsSucceeded);
        Assert.Equal("00000000-0000-0000-0000-000000000000", status.JobId);
    }

    [Fact]
    public void An_unknown_discriminator_and_unknown_fields_are_kept_not_a_crash()
    {
        const string json = """{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v1/backupFabrics/Azure/protectionContainers/c/protectedItems/i","name":"i","properties":{"protectedItemType":"AzureFutureWorkload","quantumFlux":{"level":11},"friendlyName":"future"}}""";
        var item = new ProtectedItem(JsonDocument.Parse(json).RootElement);
        Assert.Equal("AzureFutureWorkload", item.ProtectedItemType);
        Assert.Equal("future", item.FriendlyName);
        Assert.Equal("c", item.ContainerName);
        using var back = JsonDocument.Parse(item.ToJson());
        Assert.Equal(11, back.RootElement.GetProperty("properties").GetProperty("quantumFlux").GetProperty("level").GetInt32());
    }

    [Fact]
    public void Missing_and_mistyped_optional_fields_read_as_null()
    {
        var item = new ProtectedItem(JsonDocument.Parse("""{"properties":{"lastBackupTime":42,"extendedInfo":"not an object"}}""").RootElement);
        Assert.Null(item.Id);
        Assert.Null(item.VaultId);
        Assert.Null(item.LastBackupTime);
        Assert.Null(item.RecoveryPointCount);
        var job = new BackupJob(JsonDocument.Parse("""{"name":"j","properties":{"duration":"not a duration","errorDetails":"oops"}}""").RootElement);
        Assert.Null(job.Duration);
        Assert.Empty(job.ErrorDetails);
        Assert.Null(new OperationStatus(JsonDocument.Parse("{}").RootElement).Status);
    }

    [Fact]
    public void Walkthrough_bodies_parse_into_the_workflow_objects()
    {
        var item = new ProtectedItem(Shapes.Fixture("walkthrough/ProtectedItem_Enable_Result.json"));
        Assert.Equal("AzureVmWorkloadSQLDatabase", item.ProtectedItemType);
        Assert.Equal("IRPending", item.ProtectionState);
        Assert.Equal("HourlyLogBackup", item.PolicyName);
        Assert.Equal("VMAppContainer;Compute;SQLServerPMDemo;sqlserver-0", item.ContainerName);
        Assert.Equal("SQLServer2012", item.VaultName);

        var protectable = new ProtectableItem(Shapes.Fixture("walkthrough/BackupProtectableItems_List.json").GetProperty("value")[0]);
        Assert.Equal("SQLDataBase", protectable.ProtectableItemType);
        Assert.Equal("vmappcontainer;compute;SQLServerSelfHost;SQLServersql2012", protectable.ContainerName);
    }
}
