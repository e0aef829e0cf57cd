using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// docs/errors-and-retries.md, "Errors you will see", one row per failure: the emulator's fault injection makes
/// Get-BackupPolicy's read fail with each status (or no answer), and the error a script catches has the
/// documented category and id, the service's words as its message with the request id once, and the request
/// itself under -Verbose. A trigger that keeps failing and a refused connection are checked the same way.
/// </summary>
public class ErrorCategoryPerStatusTests
{
    const string Read = "/backupPolicies/HourlyLogBackup$";
    const string Said = "Injected by the test.";

    public static TheoryData<string, string, ErrorCategory> Rows() => new()
    {
        { "400", "InjectedError", ErrorCategory.InvalidArgument },
        { "401", "InjectedError", ErrorCategory.AuthenticationError },
        { "403", "InjectedError", ErrorCategory.PermissionDenied },
        { "404", "InjectedError", ErrorCategory.ObjectNotFound },
        { "409", "InjectedError", ErrorCategory.ResourceBusy },
        { "429", "SubscriptionRequestsThrottled", ErrorCategory.LimitsExceeded },
        { "500", "InjectedError", ErrorCategory.ResourceUnavailable },
        { "503", "InjectedError", ErrorCategory.ResourceUnavailable },
        { "timeout", "RequestTimedOut", ErrorCategory.OperationTimeout },
        { "dropped connection", "ConnectionDropped", ErrorCategory.ConnectionError },
    };

    static FaultRule Fault(string row) => row switch
    {
        "429" => new FaultRule { Kind = FaultKind.Throttle, RetryAfterSeconds = 0 },
        "timeout" => new FaultRule { Kind = FaultKind.Delay, DelayMilliseconds = 3000 },
        "dropped connection" => new FaultRule { Kind = FaultKind.Drop },
        _ => new FaultRule { Kind = FaultKind.ServerError, Status = int.Parse(row), ErrorCode = "InjectedError", ErrorMessage = Said, RetryAfterSeconds = 0 },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_failed_read_has_the_documented_category_and_id(string row, string code, ErrorCategory category)
    {
        var rule = Fault(row);
        rule.Method = "GET";
        rule.PathPattern = Read;
        rule.Times = null; // every attempt, so the pipeline's retries end in the error
        var settings = TestEmulator.FastSettings();
        settings.Faults.Add(rule);
        await using var emulator = await TestEmulator.StartAsync(settings);
        using var ps = PowerShellSession.Start();
        ps.Run("Connect-TestBackupVault -ResourceManagerUrl $url -MaxRetries 1 -RetryDelaySeconds 0.01 -MaxRetryDelaySeconds 0.05 -NetworkTimeoutSeconds 0.5 -NoVaultRead | Out-Null",
            ("url", emulator.BaseUri)).AssertNoErrors();

        var caught = ps.Caught("Get-BackupPolicy -Name HourlyLogBackup -Verbose -ErrorAction Stop");
        var error = caught.Terminating();

        Assert.Equal(CmdletErrorChecks.Qualified($"{code},GetPolicyFailed", "Get-BackupPolicy"), error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        var e = Assert.IsAssignableFrom<BackupException>(error.Exception);
        Assert.Equal(code, e.ErrorCode);
        Assert.Equal("GET", e.Method);
        Assert.EndsWith("/backupPolicies/HourlyLogBackup", e.Path);
        // The message says what happened, not which request: that is for -Verbose.
        Assert.DoesNotContain("/subscriptions/", e.Message);
        Assert.DoesNotContain(code, e.Message);
        var verbose = Assert.Single(caught.Run.Verbose, v => v.StartsWith("Failed: ", StringComparison.Ordinal));
        Assert.Contains($"GET {e.Path}", verbose);
        Assert.Contains(code, verbose);
        if (e is BackupConnectionException connection)
        {
            Assert.Null(e.Status);
            Assert.Contains(emulator.BaseUri.GetLeftPart(UriPartial.Authority), e.Message); // names the endpoint
            Assert.Equal(row == "timeout" ? ConnectionFailure.TimedOut : ConnectionFailure.Dropped, connection.Failure);
            return;
        }
        var status = row == "429" ? 429 : int.Parse(row);
        Assert.Equal(status, e.Status);
        Assert.Contains($"HTTP {status}", verbose);
        Assert.False(string.IsNullOrEmpty(e.RequestId));
        Assert.Contains($"request id {e.RequestId}", verbose);
        Assert.Equal(1, Occurrences(e.Message, e.RequestId!)); // once, to quote to support
        if (row != "429" && row != "401") Assert.Equal($"{Said} (request id {e.RequestId})", e.Message);
    }

    [Fact]
    public async Task A_trigger_that_fails_three_times_on_503_is_ResourceUnavailable_with_the_service_code_first()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        settings.RetryAfterSeconds = 0;
        await using var emulator = await TestEmulator.StartAsync(settings);
        using var ps = Workflow.Prepared.RegisteredAndInquired(emulator);
        ps.Run("$item = Get-BackupProtectableItem -ProtectableItemType SQLDataBase -FriendlyName msdb | Enable-BackupProtection -Policy (Get-BackupPolicy -Name HourlyLogBackup) -Wait")
            .AssertNoErrors();
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = 503, RetryAfterSeconds = 0, Method = "POST", PathPattern = "/backup$", Times = 3 });

        var caught = ps.Caught("$item | Start-BackupItem -BackupType Full -ErrorAction Stop -Verbose");
        var error = caught.Terminating();

        Assert.Equal(CmdletErrorChecks.Qualified("ServiceUnavailable,StartBackupFailed", "Start-BackupItem"), error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
        var e = Assert.IsAssignableFrom<BackupException>(error.Exception);
        Assert.Equal(503, e.Status);
        Assert.Equal(1, Occurrences(e.Message, e.RequestId!));
        Assert.Contains(caught.Run.Verbose, v => v.StartsWith("Failed: POST ", StringComparison.Ordinal) && v.Contains("HTTP 503"));
        Assert.Empty(emulator.Ledger.Of(Ledger.BackupStarted));
    }

    [Fact]
    public async Task A_refused_connection_names_the_endpoint_and_what_to_check()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        using var ps = PowerShellSession.Start();

        var caught = ps.Caught("Connect-BackupVault -Environment Emulator -ResourceManagerUrl $url -SubscriptionId $sub -ResourceGroupName rg -Name vault -MaxRetries 0 -Verbose",
            ("url", new Uri($"http://127.0.0.1:{port}/")), ("sub", TestEmulator.Subscription));
        var error = caught.Terminating();

        Assert.Equal(CmdletErrorChecks.Qualified("ConnectionRefused,ConnectFailed", "Connect-BackupVault"), error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        var e = Assert.IsType<BackupConnectionException>(error.Exception);
        Assert.Equal(ConnectionFailure.Refused, e.Failure);
        Assert.StartsWith($"Could not connect to http://127.0.0.1:{port} ", e.Message);
        Assert.Contains("Check that the URL is right", e.Message);
        Assert.Contains("emulator", e.Message);
        Assert.Contains(caught.Run.Verbose, v => v.StartsWith("Failed: GET /subscriptions/", StringComparison.Ordinal) && v.Contains("ConnectionRefused"));
    }

    static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
