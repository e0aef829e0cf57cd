using System.Text.Json;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace BackupCmdlets.Tests.ClientTests;

/// <summary>Every shape of the ARM async contract, from a scripted service on loopback.</summary>
public class AsyncOperationTests
{
    static ProtectableContainer Protectable() => new(JsonDocument.Parse(Bodies.ProtectableContainer()).RootElement);
    static ProtectedItem Item() => new(JsonDocument.Parse(Bodies.ProtectedItem("Protected")).RootElement);

    [Fact]
    public async Task Both_headers_on_a_register_follow_Location_whose_last_answer_is_the_resource()
    {
        var locationPolls = 0;
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
        {
            var path = ctx.Request.Path.Value!;
            if (ctx.Request.Method == "PUT")
                return ScriptedServer.Json(ctx, 202, "", ("Azure-AsyncOperation", s.Url(Bodies.ContainerPath + "/operationsStatus/op1?api-version=2019-05-13-preview")),
                    ("Location", s.Url(Bodies.ContainerPath + "/operationResults/op1?api-version=2016-12-01")), ("Retry-After", "0"));
            if (path.EndsWith("/operationResults/op1"))
                return ++locationPolls < 2 ? ScriptedServer.Json(ctx, 202, "", ("Retry-After", "0")) : ScriptedServer.Json(ctx, 200, Bodies.Container());
            return ScriptedServer.Json(ctx, 500, "");
        });
        var client = server.Client();
        var op = await client.RegisterContainerAsync(Protectable());
        var result = await client.WaitForOperationAsync(op);

        Assert.Equal("Registered", Assert.IsType<ProtectionContainer>(result).RegistrationStatus);
        Assert.Equal("Succeeded", op.Status);
        // Location is followed exactly as given (its own api-version); its last answer is the container, so nothing
        // more is read: no status poll, no GET of the container (one request fewer per operation).
        Assert.Equal(2, server.Requests.Count(r => r.PathAndQuery.EndsWith("/operationResults/op1?api-version=2016-12-01")));
        Assert.DoesNotContain(server.Requests, r => r.PathAndQuery.Contains("/operationsStatus/"));
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Both_headers_on_a_refresh_follow_AsyncOperation_as_ARM_prefers()
    {
        var statusPolls = 0;
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
        {
            var path = ctx.Request.Path.Value!;
            if (ctx.Request.Method == "POST")
                return ScriptedServer.Json(ctx, 202, "", ("Azure-AsyncOperation", s.Url("/subscriptions/00000000-0000-0000-0000-0000000000aa/op/operationsStatus/op2?api-version=2019-05-13-preview")),
                    ("Location", s.Url("/subscriptions/00000000-0000-0000-0000-0000000000aa/op/operationResults/op2?api-version=2016-12-01")), ("Retry-After", "0"));
            if (path.EndsWith("/operationsStatus/op2"))
                return ScriptedServer.Json(ctx, 200, Bodies.Status(++statusPolls < 2 ? "InProgress" : "Succeeded"));
            return ScriptedServer.Json(ctx, 500, "");
        });
        var client = server.Client();
        var op = await client.RefreshContainersAsync(new VaultId("00000000-0000-0000-0000-0000000000aa", "rg", "vault1"));
        await client.WaitForOperationAsync(op);

        Assert.Equal("Succeeded", op.Status);
        Assert.Equal(2, statusPolls);
        Assert.DoesNotContain(server.Requests, r => r.PathAndQuery.Contains("/operationResults/"));
    }

    [Fact]
    public async Task Location_only_202_then_200_takes_the_resource_from_the_body()
    {
        var polls = 0;
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
        {
            if (ctx.Request.Method == "PUT")
                return ScriptedServer.Json(ctx, 202, "", ("Location", s.Url("/Subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v1/backupFabrics/Azure/protectionContainers/vmappcontainer;compute;rg;vm1/operationResults/op2?api-version=2016-12-01")));
            if (ctx.Request.Path.Value!.Contains("/operationResults/op2"))
                return ++polls < 3 ? ScriptedServer.Json(ctx, 202, "", ("Location", s.Url(ctx.Request.Path + ctx.Request.QueryString))) : ScriptedServer.Json(ctx, 200, Bodies.Container());
            return ScriptedServer.Json(ctx, 500, "");
        });
        var client = server.Client();
        var op = await client.RegisterContainerAsync(Protectable());
        var result = await client.WaitForOperationAsync(op);

        Assert.IsType<ProtectionContainer>(result);
        Assert.Equal(3, op.PollCount);
        // Followed as given: capitalised Subscriptions, a differently spelled container, another api-version.
        Assert.All(server.Requests.Where(r => r.Method == "GET"), r => Assert.StartsWith("/Subscriptions/", r.PathAndQuery));
        Assert.All(server.Requests.Where(r => r.Method == "GET"), r => Assert.EndsWith("api-version=2016-12-01", r.PathAndQuery));
        Assert.Equal(4, server.Requests.Count); // PUT + three polls, no extra GET of the container
    }

    [Fact]
    public async Task Location_204_means_done_with_nothing_to_return()
    {
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
            ctx.Request.Method == "POST"
                ? ScriptedServer.Json(ctx, 202, "", ("Location", s.Url(Bodies.Vault + "/backupFabrics/Azure/operationResults/r1?api-version=2016-12-01")))
                : ScriptedServer.Json(ctx, 204, ""));
        var client = server.Client();
        var op = await client.RefreshContainersAsync(VaultId.Parse(Bodies.Vault));
        Assert.Null(await client.WaitForOperationAsync(op));
        Assert.Equal("Succeeded", op.Status);
    }

    [Fact]
    public async Task AsyncOperation_only_then_reads_the_protected_item()
    {
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
        {
            if (ctx.Request.Method == "PUT")
                return ScriptedServer.Json(ctx, 202, "", ("Azure-AsyncOperation", s.Url(Bodies.ItemPath + "/operationsStatus/e1?api-version=2016-12-01")));
            if (ctx.Request.Path.Value!.EndsWith("/operationsStatus/e1")) return ScriptedServer.Json(ctx, 200, Bodies.Status("Succeeded"));
            return ScriptedServer.Json(ctx, 200, Bodies.ProtectedItem());
        });
        var client = server.Client();
        var protectable = new ProtectableItem(JsonDocument.Parse($$$"""{"id":"{{{Bodies.ContainerPath}}}/protectableItems/{{{Bodies.ItemName}}}","name":"{{{Bodies.ItemName}}}","properties":{"protectableItemType":"SQLDataBase","backupManagementType":"AzureWorkload","workloadType":"SQLDataBase","friendlyName":"db1"}}""").RootElement);
        var policy = new BackupPolicy(JsonDocument.Parse($$$"""{"id":"{{{Bodies.Vault}}}/backupPolicies/p","name":"p","properties":{"backupManagementType":"AzureWorkload"}}""").RootElement);
        var op = await client.EnableProtectionAsync(protectable, policy);
        var item = Assert.IsType<ProtectedItem>(await client.WaitForOperationAsync(op));
        Assert.Equal("IRPending", item.ProtectionState);

        var put = server.Requests.First(r => r.Method == "PUT");
        using var body = JsonDocument.Parse(put.Body);
        var props = body.RootElement.GetProperty("properties");
        Assert.Equal("AzureVmWorkloadSQLDatabase", props.GetProperty("protectedItemType").GetString());
        Assert.Equal("AzureWorkload", props.GetProperty("backupManagementType").GetString());
        Assert.Equal("SQLDataBase", props.GetProperty("workloadType").GetString());
        Assert.Equal(policy.Id, props.GetProperty("policyId").GetString());
    }

    [Theory]
    [InlineData("Failed", "Failed")]
    [InlineData("Canceled", "Canceled")]
    public async Task A_failed_or_canceled_operation_carries_the_service_error(string serviceStatus, string expected)
    {
        const string error = """{"code":"UserErrorSqlNoSysadminMembership","message":"Azure Backup service creates and uses NT Service\\AzureWLBackupPluginSvc.","recommendations":["Add the account to the sysadmin role."]}""";
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
            ctx.Request.Method == "POST"
                ? ScriptedServer.Json(ctx, 202, "", ("Azure-AsyncOperation", s.Url(Bodies.ItemPath + "/operationsStatus/b1?api-version=2016-12-01")), ("Retry-After", "0"))
                : ScriptedServer.Json(ctx, 200, Bodies.Status(serviceStatus, error: error)));
        var client = server.Client();
        var op = await client.TriggerBackupAsync(Item());
        var e = await Assert.ThrowsAsync<BackupOperationException>(() => client.WaitForOperationAsync(op));

        Assert.Equal(expected, op.Status);
        Assert.Equal("UserErrorSqlNoSysadminMembership", e.ErrorCode);
        Assert.Equal("Add the account to the sysadmin role.", Assert.Single(e.Recommendations));
        Assert.Equal("req-" + server.Requests.Count, e.RequestId); // the id of the status poll that reported the failure
        // The service's message in the message; its recommendation once, in Recommendations (ErrorDetails.RecommendedAction in PowerShell), not repeated (issue 11).
        Assert.Equal($"The Backup of 'db1' ended {expected}. Azure Backup service creates and uses NT Service\\AzureWLBackupPluginSvc. (request id {e.RequestId})", e.Message);
    }

    [Fact]
    public async Task A_Location_poll_that_answers_with_an_error_fails_the_operation_with_that_error()
    {
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
            ctx.Request.Method == "POST"
                ? ScriptedServer.Json(ctx, 202, "", ("Location", s.Url(Bodies.Vault + "/backupFabrics/Azure/operationResults/x?api-version=2016-12-01")))
                : ScriptedServer.Json(ctx, 400, """{"error":{"code":"BMSUserErrorDiscoveryFailed","message":"Discovery failed.","recommendations":["Retry later."]}}"""));
        var client = server.Client();
        var op = await client.RefreshContainersAsync(VaultId.Parse(Bodies.Vault));
        var e = await Assert.ThrowsAsync<BackupOperationException>(() => client.WaitForOperationAsync(op));
        Assert.Equal("Failed", op.Status);
        Assert.Equal("BMSUserErrorDiscoveryFailed", e.ErrorCode);
        Assert.Equal(400, e.Status);
    }

    [Fact]
    public async Task A_backup_returns_the_job_named_by_the_operation_status()
    {
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
        {
            var path = ctx.Request.Path.Value!;
            if (ctx.Request.Method == "POST")
                return ScriptedServer.Json(ctx, 202, "", ("Azure-AsyncOperation", s.Url(Bodies.ItemPath + "/operationsStatus/t1?api-version=2016-12-01")),
                    ("Location", s.Url(Bodies.ItemPath + "/operationResults/t1?api-version=2016-12-01")));
            if (path.EndsWith("/operationsStatus/t1")) return ScriptedServer.Json(ctx, 200, Bodies.Status("Succeeded", jobId: "job-42"));
            if (path.EndsWith("/backupJobs/job-42")) return ScriptedServer.Json(ctx, 200, Bodies.Job("job-42", "InProgress"));
            return ScriptedServer.Json(ctx, 404, """{"error":{"code":"NotFound","message":"no"}}""");
        });
        var client = server.Client();
        var op = await client.TriggerBackupAsync(Item(), new BackupRequestOptions { BackupType = "Full" });
        var job = Assert.IsType<BackupJob>(await client.WaitForOperationAsync(op));
        Assert.Equal("job-42", job.JobId);
        Assert.Equal("job-42", op.JobId);
        using var body = JsonDocument.Parse(server.Requests.First(r => r.Method == "POST").Body);
        Assert.Equal("""{"properties":{"objectType":"AzureWorkloadBackupRequest","backupType":"Full"}}""", body.RootElement.GetRawText());
    }

    [Fact]
    public async Task Polls_wait_for_Retry_After_and_use_the_default_interval_when_it_is_missing()
    {
        var polls = 0;
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
        {
            if (ctx.Request.Method == "POST")
                return ScriptedServer.Json(ctx, 202, "", ("Location", s.Url(Bodies.Vault + "/backupFabrics/Azure/operationResults/w?api-version=2016-12-01")), ("Retry-After", "1"));
            // First poll: still running, no Retry-After (so the client keeps the last one it was given).
            return ++polls == 1 ? ScriptedServer.Json(ctx, 202, "") : ScriptedServer.Json(ctx, 204, "");
        });
        var client = server.Client(o => o.DefaultPollInterval = TimeSpan.FromSeconds(5));
        var op = await client.RefreshContainersAsync(VaultId.Parse(Bodies.Vault));
        await client.WaitForOperationAsync(op);
        var times = server.Requests.Select(r => r.At).ToArray();
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(1), $"first poll after {(times[1] - times[0]).TotalMilliseconds} ms");
        Assert.True(times[2] - times[1] >= TimeSpan.FromSeconds(1), "the remembered Retry-After applies when a 202 omits it");
        Assert.True(times[2] - times[1] < TimeSpan.FromSeconds(5), "the default interval is only for operations that never sent Retry-After");
    }

    [Fact]
    public async Task A_wait_that_times_out_can_be_resumed_with_the_same_operation()
    {
        var done = false;
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
            ctx.Request.Method == "POST"
                ? ScriptedServer.Json(ctx, 202, "", ("Location", s.Url(Bodies.Vault + "/backupFabrics/Azure/operationResults/slow?api-version=2016-12-01")))
                : ScriptedServer.Json(ctx, done ? 204 : 202, ""));
        var client = server.Client(o => o.DefaultPollInterval = TimeSpan.FromMilliseconds(100));
        var op = await client.RefreshContainersAsync(VaultId.Parse(Bodies.Vault));

        var e = await Assert.ThrowsAsync<BackupOperationException>(() => client.WaitForOperationAsync(op, TimeSpan.FromMilliseconds(350)));
        Assert.True(e.TimedOut);
        Assert.Same(op, e.Operation);
        Assert.Contains("Wait-BackupOperation", e.Message);

        done = true;
        Assert.Null(await client.WaitForOperationAsync(op));
        Assert.Equal("Succeeded", op.Status);
    }

    [Fact]
    public async Task A_202_without_any_poll_url_is_a_clear_error()
    {
        await using var server = await ScriptedServer.StartAsync((ctx, s) => ScriptedServer.Json(ctx, 202, ""));
        var e = await Assert.ThrowsAsync<BackupException>(() => server.Client().RefreshContainersAsync(VaultId.Parse(Bodies.Vault)));
        Assert.Contains("no URL", e.Message);
    }
}

/// <summary>Polls that meet transient failures go on; too many in a row leave the operation resumable.</summary>
public class PollResilienceTests
{
    [Fact]
    public async Task Status_polls_that_fail_with_5xx_and_garbage_are_retried_and_the_wait_completes()
    {
        var polls = 0;
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
        {
            if (ctx.Request.Method == "POST")
                return ScriptedServer.Json(ctx, 202, "", ("Location", s.Url(Bodies.Vault + "/backupFabrics/Azure/operationResults/f?api-version=2016-12-01")));
            return ++polls switch
            {
                <= 5 => ScriptedServer.Json(ctx, 503, """{"error":{"code":"ServiceUnavailable","message":"busy"}}"""), // pipeline retries, then one failed poll
                6 => ScriptedServer.Json(ctx, 500, """{"error":{"code":"InternalServerError","message":"oops"}}"""),
                _ => ScriptedServer.Json(ctx, 204, ""),
            };
        });
        var client = server.Client(o => o.Retry.MaxRetries = 1);
        var op = await client.RefreshContainersAsync(VaultId.Parse(Bodies.Vault));
        Assert.Null(await client.WaitForOperationAsync(op));
        Assert.Equal("Succeeded", op.Status);
    }

    [Fact]
    public async Task Too_many_failed_polls_in_a_row_stop_the_wait_but_not_the_operation()
    {
        var healthy = false;
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
        {
            if (ctx.Request.Method == "POST")
                return ScriptedServer.Json(ctx, 202, "", ("Azure-AsyncOperation", s.Url(Bodies.Vault + "/backupFabrics/Azure/operationsStatus/g?api-version=2016-12-01")));
            return healthy ? ScriptedServer.Json(ctx, 200, Bodies.Status("Succeeded")) : ScriptedServer.Json(ctx, 200, "{\"status\":\"InPro");
        });
        var client = server.Client(o => { o.PollFailureLimit = 2; o.Retry.MaxRetries = 0; });
        var op = await client.RefreshContainersAsync(VaultId.Parse(Bodies.Vault));
        var e = await Assert.ThrowsAsync<BackupOperationException>(() => client.WaitForOperationAsync(op));
        Assert.Contains("3 times in a row", e.Message);
        Assert.Contains("not valid JSON", e.Message);
        Assert.Equal("InProgress", op.Status); // not failed: it can be waited on again
        healthy = true;
        Assert.Null(await client.WaitForOperationAsync(op));
        Assert.Equal("Succeeded", op.Status);
    }

    [Fact]
    public async Task A_Location_poll_answering_4xx_is_the_operation_failing_not_a_transient_fault()
    {
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
            ctx.Request.Method == "POST"
                ? ScriptedServer.Json(ctx, 202, "", ("Location", s.Url(Bodies.Vault + "/backupFabrics/Azure/operationResults/h?api-version=2016-12-01")))
                : ScriptedServer.Json(ctx, 409, """{"error":{"code":"BMSUserErrorConflict","message":"no"}}"""));
        var client = server.Client();
        var op = await client.RefreshContainersAsync(VaultId.Parse(Bodies.Vault));
        var e = await Assert.ThrowsAsync<BackupOperationException>(() => client.WaitForOperationAsync(op));
        Assert.Equal("Failed", op.Status);
        Assert.Equal("BMSUserErrorConflict", e.ErrorCode);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_request_gives_up_when_its_retries_exceed_the_total_time()
    {
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
            ScriptedServer.Json(ctx, 503, """{"error":{"code":"ServiceUnavailable","message":"busy"}}""", ("Retry-After", "1")));
        var client = server.Client(o => { o.Retry.MaxRetries = 50; o.RetryTimeout = TimeSpan.FromMilliseconds(1500); });
        var e = await Assert.ThrowsAsync<BackupConnectionException>(() => client.GetVaultAsync(VaultId.Parse(Bodies.Vault)));
        Assert.Equal(ConnectionFailure.TimedOut, e.Failure); // no answer in time: RequestTimedOut, OperationTimeout (issue 11)
        Assert.Contains("retries included", e.Message);
        // Retry-After 1 s allows at most two retries in 1.5 s, not fifty. How many happen depends on
        // how fast a loaded machine answers the first request, so only the upper bound is asserted.
        Assert.InRange(server.Requests.Count, 1, 3);
    }
}

/// <summary>An inquiry can succeed as an operation while the container reports that looking inside failed: that is an error.</summary>
public class InquiryFailureTests
{
    [Fact]
    public async Task An_inquiry_whose_container_reports_failure_is_an_error_with_the_service_detail()
    {
        const string failedContainer = """
            {"id":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v1/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;rg;vm1",
             "name":"VMAppContainer;Compute;rg;vm1",
             "properties":{"containerType":"VMAppContainer","registrationStatus":"Registered","friendlyName":"vm1",
               "extendedInfo":{"inquiryInfo":{"status":"Failed","errorDetail":{"code":"UserErrorSQLNoSysadminMembership","message":"Azure Backup has no sysadmin rights on the SQL instance.","recommendations":["Add NT SERVICE\\AzureWLBackupPluginSvc to the sysadmin role."]}}}}}
            """;
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
        {
            if (ctx.Request.Method == "POST")
                return ScriptedServer.Json(ctx, 202, "", ("Location", s.Url(Bodies.ContainerPath + "/operationResults/i1?api-version=2016-12-01")));
            if (ctx.Request.Path.Value!.Contains("/operationResults/")) return ScriptedServer.Json(ctx, 204, "");
            return ScriptedServer.Json(ctx, 200, failedContainer);
        });
        var client = server.Client();
        var container = new BackupCmdlets.Client.Models.ProtectionContainer(System.Text.Json.JsonDocument.Parse(Bodies.Container()).RootElement);
        var op = await client.InquireAsync(container);
        var e = await Assert.ThrowsAsync<BackupOperationException>(() => client.WaitForOperationAsync(op));
        Assert.Equal("Failed", op.Status);
        Assert.Equal("UserErrorSQLNoSysadminMembership", e.ErrorCode);
        Assert.Contains("sysadmin", Assert.Single(e.Recommendations));
        Assert.Contains("EQ 'SQLDataBase'", Uri.UnescapeDataString(server.Requests.First().PathAndQuery));
    }
}
