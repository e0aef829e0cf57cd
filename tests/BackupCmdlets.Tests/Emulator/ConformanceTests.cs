using System.Net;
using System.Text.Json;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>
/// The emulator answers as the official examples (and, where they have no SQL example, the
/// published walkthrough) say the service does: status, headers, poll-URL shape and body structure.
/// Requests are plain HTTP, so the client's understanding plays no part.
/// </summary>
public class ConformanceTests
{
    static string Walkthrough(string name) => RawArm.Walkthrough(name);

    static async Task<(RawArm Arm, BackupCmdlets.Emulator.EmulatorHost Host)> StartAsync(TimeSpan? operation = null)
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = operation ?? TimeSpan.FromMilliseconds(300);
        var host = await TestEmulator.StartAsync(settings);
        return (await RawArm.SignedInAsync(host), host);
    }

    [Fact]
    public async Task Refresh_answers_202_with_Location_only_then_202_and_204_as_RefreshContainers_examples()
    {
        var (arm, host) = await StartAsync(TimeSpan.FromSeconds(2));
        await using var _ = host;
        var response = await arm.Send(HttpMethod.Post, RawArm.VaultPath + "/backupFabrics/Azure/refreshContainers?api-version=2025-08-01&$filter=backupManagementType eq 'AzureWorkload'");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Shapes.AssertHeadersLike(Shapes.Example("Common/RefreshContainers.json", "202").GetProperty("headers"), response);

        var location = response.Headers.Location!.ToString();
        var running = await arm.Get(location);
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Shapes.AssertHeadersLike(Shapes.Example("Common/RefreshContainers_OperationResults.json", "202").GetProperty("headers"), running);
        var done = await arm.PollUntilDone(location);
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        Assert.Equal("", await done.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Protectable_containers_have_the_example_shape_and_the_walkthrough_names()
    {
        var (arm, host) = await StartAsync();
        await using var _ = host;
        var before = await RawArm.Body(await arm.Get(RawArm.VaultPath + "/backupFabrics/Azure/protectableContainers?api-version=2016-12-01&$filter=backupManagementType eq 'AzureWorkload'"));
        Assert.Equal(0, before.GetProperty("value").GetArrayLength()); // nothing is discoverable before a refresh
        await arm.RefreshedAsync();
        var body = await RawArm.Body(await arm.Get(RawArm.VaultPath + "/backupFabrics/Azure/protectableContainers?api-version=2016-12-01&$filter=backupManagementType eq 'AzureWorkload'"));
        var example = Shapes.Example("AzureStorage/ProtectableContainers_List.json", "200").GetProperty("body");
        Shapes.AssertConforms(example, body, "backupManagementType", "protectableContainerType"); // the example is a storage account; ours are VMs
        var names = body.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToList();
        Assert.Equal(new[] { "VMAppContainer;Compute;SQLServerPMDemo;ad-primary-dc", "VMAppContainer;Compute;SQLServerPMDemo;ad-secondry-dc",
            "VMAppContainer;Compute;SQLServerPMDemo;sqlag-0", "VMAppContainer;Compute;SQLServerPMDemo;sqlag-1", RawArm.Container }, names.OrderBy(n => n));
        Assert.All(body.GetProperty("value").EnumerateArray(), v => Assert.Equal("VMAppContainer", v.GetProperty("properties").GetProperty("protectableContainerType").GetString()));
    }

    [Fact]
    public async Task Register_with_the_walkthrough_body_answers_as_ProtectionContainers_Register()
    {
        var (arm, host) = await StartAsync();
        await using var _ = host;
        await arm.RefreshedAsync();
        var response = await arm.Send(HttpMethod.Put, RawArm.ContainerPath + "?api-version=2016-12-01", Walkthrough("ProtectionContainers_Register_Request.json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Shapes.AssertHeadersLike(Shapes.Example("AzureStorage/ProtectionContainers_Register.json", "202").GetProperty("headers"), response);

        var done = await arm.PollUntilDone(response.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var body = await RawArm.Body(done);
        Shapes.AssertConforms(Shapes.Fixture("walkthrough/ProtectionContainers_Register_Result.json"), body, "extendedInfo"); // inquiry details come with the inquiry
        Assert.Equal("Registered", body.GetProperty("properties").GetProperty("registrationStatus").GetString());
    }

    [Fact]
    public async Task Inquire_answers_as_ProtectionContainers_Inquire_and_the_container_then_matches_the_SQL_example()
    {
        var (arm, host) = await StartAsync();
        await using var _ = host;
        await arm.RegisteredAsync(inquire: false);
        var response = await arm.Send(HttpMethod.Post, RawArm.ContainerPath + "/inquire?api-version=2016-12-01&$filter=workloadType EQ 'SQLDataBase'");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Shapes.AssertHeadersLike(Shapes.Example("AzureStorage/ProtectionContainers_Inquire.json", "202").GetProperty("headers"), response);
        Assert.Equal(HttpStatusCode.NoContent, (await arm.PollUntilDone(response.Headers.Location!.ToString())).StatusCode);

        var container = await RawArm.Body(await arm.Get(RawArm.ContainerPath + "?api-version=2025-08-01"));
        Shapes.AssertConforms(Shapes.Example("AzureWorkload/ProtectionContainers_Get.json", "200").GetProperty("body"), container);
        Shapes.AssertConforms(Shapes.Example("AzureStorage/ProtectionContainers_Inquire_Result.json", "200").GetProperty("body"), container);
    }

    [Fact]
    public async Task Protectable_items_match_the_walkthrough()
    {
        var (arm, host) = await StartAsync();
        await using var _ = host;
        await arm.RegisteredAsync(inquire: true);
        var body = await RawArm.Body(await arm.Get(RawArm.VaultPath + "/backupProtectableItems?api-version=2016-12-01&$filter=backupManagementType eq 'AzureWorkload'"));
        var msdb = body.GetProperty("value").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "sqldatabase;mssqlserver;msdb");
        var example = Shapes.Fixture("walkthrough/BackupProtectableItems_List.json").GetProperty("value")[0];
        Shapes.AssertConforms(example, msdb, "workloadType"); // the 2018 article says "SQL"; the spec's WorkloadType enum says SQLDataBase
        Assert.Equal("SQLDataBase", msdb.GetProperty("properties").GetProperty("workloadType").GetString());
    }

    [Fact]
    public async Task Policies_match_BackupPolicies_List()
    {
        var (arm, host) = await StartAsync();
        await using var _ = host;
        var body = await RawArm.Body(await arm.Get(RawArm.VaultPath + "/backupPolicies?api-version=2025-08-01&$filter=backupManagementType eq 'AzureWorkload'"));
        Shapes.AssertConforms(Shapes.Example("AzureWorkload/BackupPolicies_List.json", "200").GetProperty("body"), body);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Enable_protection_accepts_the_walkthrough_body_and_the_spec_discriminator(bool discriminatorOnly)
    {
        var (arm, host) = await StartAsync();
        await using var _ = host;
        await arm.RegisteredAsync(inquire: true);
        var policy = RawArm.VaultPath + "/backupPolicies/HourlyLogBackup";
        var request = discriminatorOnly
            ? $$$"""{"properties":{"protectedItemType":"AzureVmWorkloadSQLDatabase","policyId":"{{{policy}}}"}}"""
            : Walkthrough("ProtectedItem_Enable_Request.json");
        var response = await arm.Send(HttpMethod.Put, RawArm.ItemPath + "?api-version=2016-12-01", request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
        Assert.True(response.Headers.Contains("Azure-AsyncOperation"));

        var done = await arm.PollUntilDone(response.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var body = await RawArm.Body(done);
        Shapes.AssertConforms(Shapes.Fixture("walkthrough/ProtectedItem_Enable_Result.json"), body);
        Assert.Equal("IRPending", body.GetProperty("properties").GetProperty("protectionState").GetString());
    }

    [Fact]
    public async Task Trigger_backup_answers_as_TriggerBackup_Post_with_the_examples_quirks()
    {
        var (arm, host) = await StartAsync();
        await using var _ = host;
        await arm.ProtectedAsync();
        var response = await arm.Send(HttpMethod.Post, RawArm.ItemPath + "/backup?api-version=2025-08-01", Walkthrough("TriggerBackup_Request.json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Shapes.AssertHeadersLike(Shapes.Example("Common/TriggerBackup_Post.json", "202").GetProperty("headers"), response);

        var asyncUrl = response.Headers.GetValues("Azure-AsyncOperation").Single();
        Assert.Contains("/Subscriptions/", asyncUrl);
        Assert.EndsWith("api-version=2016-12-01", asyncUrl);
        Assert.DoesNotContain(RawArm.Container, asyncUrl); // spelled differently from the request...
        Assert.Contains(RawArm.Container, asyncUrl, StringComparison.OrdinalIgnoreCase); // ...but the same container

        JsonElement status;
        do
        {
            await Task.Delay(200);
            status = await RawArm.Body(await arm.Get(asyncUrl));
        } while (status.GetProperty("status").GetString() == "InProgress");
        Shapes.AssertConforms(Shapes.Example("AzureIaasVm/ProtectedItemOperationStatus.json", "200").GetProperty("body"), status);
        Shapes.AssertConforms(Shapes.Fixture("walkthrough/TriggerBackup_OperationStatus.json"), status);

        var jobId = status.GetProperty("properties").GetProperty("jobId").GetString();
        var job = await RawArm.Body(await arm.Get(RawArm.VaultPath + "/backupJobs/" + jobId + "?api-version=2025-08-01"));
        Shapes.AssertConforms(Shapes.Example("Common/GetJobDetails.json", "200").GetProperty("body"), job,
            "jobType", "backupManagementType", "virtualMachineVersion", "VM Name", "$.properties.extendedInfo.tasksList[0].taskId",
            "$.properties.extendedInfo.tasksList[0].duration"); // IaaS-VM specifics of the example (AzureWorkloadJobTaskDetails has no duration; ResponseSchemaTests checks that)
        Assert.Equal("AzureWorkloadJob", job.GetProperty("properties").GetProperty("jobType").GetString());
    }

    [Fact]
    public async Task Jobs_list_matches_ListJobs_and_recovery_points_appear_when_the_job_completes()
    {
        var (arm, host) = await StartAsync();
        await using var _ = host;
        await arm.ProtectedAsync();
        await arm.Send(HttpMethod.Post, RawArm.ItemPath + "/backup?api-version=2025-08-01", Walkthrough("TriggerBackup_Request.json"));
        var points = await RawArm.Body(await arm.Get(RawArm.ItemPath + "/recoveryPoints?api-version=2025-08-01"));
        Assert.Equal(0, points.GetProperty("value").GetArrayLength());

        await Task.Delay(host.Settings.JobDuration + TimeSpan.FromMilliseconds(200));
        var jobs = await RawArm.Body(await arm.Get(RawArm.VaultPath + "/backupJobs?api-version=2025-08-01"));
        Shapes.AssertConforms(Shapes.Example("Common/ListJobs.json", "200").GetProperty("body"), jobs, "jobType", "backupManagementType", "virtualMachineVersion", "VM Name", "taskId", "endTime"); // IaaS-VM specifics of the example
        Assert.Equal("Completed", jobs.GetProperty("value")[0].GetProperty("properties").GetProperty("status").GetString());
        points = await RawArm.Body(await arm.Get(RawArm.ItemPath + "/recoveryPoints?api-version=2025-08-01"));
        var rp = Assert.Single(points.GetProperty("value").EnumerateArray());
        Assert.Equal("AzureWorkloadSQLRecoveryPoint", rp.GetProperty("properties").GetProperty("objectType").GetString());
    }
}

/// <summary>Cancelling a job answers as TriggerCancelJob and CancelJobOperationResult say.</summary>
public class CancelConformanceTests
{
    [Fact]
    public async Task Cancel_answers_202_with_Location_only_then_204()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.Zero;
        settings.JobDuration = TimeSpan.FromMinutes(5);
        await using var host = await TestEmulator.StartAsync(settings);
        var client = TestEmulator.Client(host);
        await EmulatorSteps.RegisterAndInquireAsync(client, "sqlserver-0");
        var item = await EmulatorSteps.ProtectAsync(client, "msdb");
        var job = (BackupCmdlets.Client.Models.BackupJob)(await client.WaitForOperationAsync(await client.TriggerBackupAsync(item)))!;

        using var arm = await RawArm.SignedInAsync(host);
        host.Settings.OperationDuration = TimeSpan.FromSeconds(1);
        var response = await arm.Send(HttpMethod.Post, RawArm.VaultPath + "/backupJobs/" + job.JobId + "/cancel?api-version=2025-08-01");
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var example = Shapes.Example("Common/TriggerCancelJob.json", "202");
        Assert.False(response.Headers.Contains("Azure-AsyncOperation"));
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(Shapes.PathShape(example.GetProperty("headers").GetProperty("Location").GetString()!), Shapes.PathShape(response.Headers.Location!.ToString()));
        Assert.Equal("Cancelling", (await RawArm.Body(await arm.Get(RawArm.VaultPath + "/backupJobs/" + job.JobId + "?api-version=2025-08-01"))).GetProperty("properties").GetProperty("status").GetString());
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await arm.PollUntilDone(response.Headers.Location!.ToString())).StatusCode);
        Assert.Equal("Cancelled", host.State.Vaults.Single().Jobs[job.JobId].Status);
    }
}
