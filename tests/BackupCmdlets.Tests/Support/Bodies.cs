namespace BackupCmdlets.Tests.Support;

/// <summary>Resource bodies for scripted responses, in the service's shapes.</summary>
internal static class Bodies
{
    public const string Vault = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v1";
    public const string ContainerName = "VMAppContainer;Compute;rg;vm1";
    public const string ContainerPath = Vault + "/backupFabrics/Azure/protectionContainers/" + ContainerName;
    public const string ItemName = "sqldatabase;mssqlserver;db1";
    public const string ItemPath = ContainerPath + "/protectedItems/" + ItemName;

    public static string Container(string status = "Registered") =>
        $$$"""{"id":"{{{ContainerPath}}}","name":"{{{ContainerName}}}","type":"Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers","properties":{"friendlyName":"vm1","backupManagementType":"AzureWorkload","registrationStatus":"{{{status}}}","containerType":"VMAppContainer","sourceResourceId":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1"}}""";

    public static string ProtectableContainer() =>
        $$$"""{"id":"{{{Vault}}}/backupFabrics/Azure/protectableContainers/{{{ContainerName}}}","name":"{{{ContainerName}}}","properties":{"friendlyName":"vm1","backupManagementType":"AzureWorkload","protectableContainerType":"VMAppContainer","healthStatus":"Healthy","containerId":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1"}}""";

    public static string ProtectedItem(string state = "IRPending", string type = "AzureVmWorkloadSQLDatabase") =>
        $$$"""{"id":"{{{ItemPath}}}","name":"{{{ItemName}}}","properties":{"protectedItemType":"{{{type}}}","backupManagementType":"AzureWorkload","workloadType":"SQLDataBase","friendlyName":"db1","protectionState":"{{{state}}}","policyId":"{{{Vault}}}/backupPolicies/p"}}""";

    public static string Job(string id, string status) =>
        $$$"""{"id":"{{{Vault}}}/backupJobs/{{{id}}}","name":"{{{id}}}","properties":{"jobType":"AzureWorkloadJob","operation":"Backup","status":"{{{status}}}","entityFriendlyName":"db1","backupManagementType":"AzureWorkload"}}""";

    public static string Status(string status, string? jobId = null, string? error = null) =>
        "{" + $"\"id\":\"op1\",\"name\":\"op1\",\"status\":\"{status}\",\"startTime\":\"2025-01-01T00:00:00Z\""
        + (jobId == null ? "" : $",\"properties\":{{\"objectType\":\"OperationStatusJobExtendedInfo\",\"jobId\":\"{jobId}\"}}")
        + (error == null ? "" : $",\"error\":{error}") + "}";
}
