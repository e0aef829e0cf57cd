using System.Text.Json;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>The validator finds what it must: invented and misplaced properties, wrong types, missing required ones.</summary>
public class SpecSchemaValidatorTests
{
    static SpecSchemaValidator Spec => SpecSchemaValidator.Spec;

    const string ItemPath = "/subscriptions/s/resourceGroups/g/providers/Microsoft.RecoveryServices/vaults/v/backupFabrics/Azure/protectionContainers/c/protectedItems/i";

    static string VmItem(string extendedInfo) =>
        "{\"id\":\"x\",\"name\":\"i\",\"type\":\"t\",\"properties\":{\"protectedItemType\":\"Microsoft.Compute/virtualMachines\"," +
        "\"friendlyName\":\"vm\",\"extendedInfo\":" + extendedInfo + "}}";

    [Fact]
    public void A_VM_item_is_checked_against_its_own_extended_info_through_the_discriminator()
    {
        Assert.Empty(Spec.CheckResponse("GET", ItemPath, 200, VmItem("{\"recoveryPointCount\":2,\"policyInconsistent\":false}")));
        var problems = Spec.CheckResponse("GET", ItemPath, 200, VmItem("{\"recoveryPointCount\":2,\"policyState\":\"Consistent\"}"));
        Assert.Equal("ProtectedItems_Get 200 $.properties.extendedInfo.policyState: not declared by AzureIaaSVMProtectedItemExtendedInfo", Assert.Single(problems));
    }

    [Fact]
    public void A_SQL_item_may_carry_policyState_which_its_extended_info_declares()
    {
        var body = "{\"properties\":{\"protectedItemType\":\"AzureVmWorkloadSQLDatabase\",\"extendedInfo\":{\"policyState\":\"Consistent\",\"recoveryPointCount\":1}}}";
        Assert.Empty(Spec.CheckResponse("GET", ItemPath, 200, body));
    }

    [Fact]
    public void Wrong_types_unknown_discriminators_and_missing_required_properties_are_reported()
    {
        var problems = Spec.CheckResponse("GET", ItemPath, 200, VmItem("{\"recoveryPointCount\":\"2\",\"policyInconsistent\":\"no\"}"));
        Assert.Contains(problems, p => p.Contains("recoveryPointCount: String") && p.Contains("integer"));
        Assert.Contains(problems, p => p.Contains("policyInconsistent: String") && p.Contains("boolean"));

        var unknown = Spec.CheckResponse("GET", ItemPath, 200, "{\"properties\":{\"protectedItemType\":\"MadeUpItem\"}}");
        Assert.Contains("'MadeUpItem' names no definition derived from ProtectedItem", Assert.Single(unknown));

        var status = ItemPath + "/operationsStatus/op";
        var missing = Spec.CheckResponse("GET", status, 200, "{\"id\":\"op\",\"status\":\"Succeeded\",\"properties\":{\"jobId\":\"j\"}}");
        Assert.Contains(missing, p => p.EndsWith(".properties.objectType: required by OperationStatusExtendedInfo, missing"));
    }

    [Fact]
    public void Statuses_and_bodies_the_operation_does_not_declare_are_reported()
    {
        Assert.Contains("status 201 is not declared", Assert.Single(Spec.CheckResponse("GET", ItemPath, 201, "{}")));
        Assert.Contains("declares no body", Assert.Single(Spec.CheckResponse("POST", ItemPath + "/backup", 202, "{\"id\":\"x\"}")));
        Assert.Contains("no operation of bms.json", Assert.Single(Spec.CheckResponse("GET", ItemPath + "/madeUp", 200, "{}")));
        // errors fall to the default response, ARM's ErrorResponse
        Assert.Empty(Spec.CheckResponse("GET", ItemPath, 404, "{\"error\":{\"code\":\"c\",\"message\":\"m\"}}"));
        Assert.Contains("error.hint: not declared by ErrorDetail", Assert.Single(Spec.CheckResponse("GET", ItemPath, 404, "{\"error\":{\"code\":\"c\",\"hint\":\"m\"}}")));
    }

    [Fact]
    public void Literal_path_segments_win_over_parameters()
    {
        const string vault = "/subscriptions/s/resourceGroups/g/providers/Microsoft.RecoveryServices/vaults/v";
        Assert.Equal("ExportJobsOperationResults_Get", Spec.Find("GET", vault + "/backupJobs/operationResults/op")!.OperationId);
        Assert.Equal("JobDetails_Get", Spec.Find("GET", vault + "/backupJobs/job1")!.OperationId);
        Assert.Equal("BackupOperationStatuses_Get", Spec.Find("GET", vault + "/backupOperations/op?api-version=2025-08-01")!.OperationId);
    }

    [Fact]
    public void Every_official_example_of_a_read_the_module_uses_passes()
    {
        // The validator agrees with Microsoft's own examples: what it reports is the emulator's, not its own.
        foreach (var file in new[] { "AzureIaasVm/Compute_ProtectedItem_Get.json", "AzureIaasVm/RecoveryPoints_Get.json", "AzureIaasVm/BackupProtectableItems_List.json",
                     "Common/GetJobDetails.json", "AzureWorkload/ProtectionContainers_Get.json", "AzureStorage/ProtectableContainers_List.json",
                     "AzureWorkload/BackupPolicies_List.json", "AzureIaasVm/ProtectedItemOperationStatus.json" })
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "spec-examples", file)));
            var body = doc.RootElement.GetProperty("responses").GetProperty("200").GetProperty("body");
            var op = Spec.Operations.Single(o => o.Responses.TryGetProperty("200", out _) && Examples(o).Contains(file));
            var path = string.Join('/', op.PathTemplate.Split('/').Select(s => s.StartsWith('{') ? "x" : s));
            Assert.Equal(Array.Empty<string>(), Spec.CheckResponse(op.Method, path, 200, body.GetRawText()));
        }
    }

    static IEnumerable<string> Examples(SpecSchemaValidator.SpecOperation op) => op.Examples;
}
