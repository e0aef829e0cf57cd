using System.Text.RegularExpressions;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Tracing;
using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// Request traces (issue 11): -Verbose shows each request as it goes (method, path, status, duration, Retry-After,
/// request id); -Debug adds headers and bodies with secrets hidden; without either, nothing is traced. The lines
/// are gathered on the pool threads that send the requests and written from the pipeline thread (PowerShell
/// refuses writes from any other, so these runs would fail if that broke).
/// </summary>
public class RequestTraceTests
{
    static readonly Regex PolicyRead = new(@"^GET /subscriptions/[^ ]+/backupPolicies/HourlyLogBackup: 200 in \d+ ms, request id \S+$");

    [Fact]
    public async Task Verbose_shows_each_request_with_status_duration_and_request_id()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Connected(emulator);

        var run = ps.Run("Get-BackupPolicy -Name HourlyLogBackup -Verbose").AssertNoErrors();

        Assert.Single(run.Verbose, v => PolicyRead.IsMatch(v));
        Assert.Empty(run.Debug);
        var quiet = ps.Run("Get-BackupPolicy -Name HourlyLogBackup").AssertNoErrors();
        Assert.Empty(quiet.Verbose);
        Assert.Single(ps.Run("$VerbosePreference = 'Continue'; Get-BackupPolicy -Name HourlyLogBackup; $VerbosePreference = 'SilentlyContinue'").Verbose, v => PolicyRead.IsMatch(v));
    }

    [Fact]
    public async Task Verbose_shows_every_attempt_and_the_Retry_After_of_a_throttled_one()
    {
        var settings = TestEmulator.FastSettings();
        settings.Faults.Add(new FaultRule { Kind = FaultKind.Throttle, Method = "GET", PathPattern = "/backupPolicies/HourlyLogBackup$", RetryAfterSeconds = 0 });
        await using var emulator = await TestEmulator.StartAsync(settings);
        using var ps = PowerShellSession.Connected(emulator);

        var verbose = ps.Run("Get-BackupPolicy -Name HourlyLogBackup -Verbose").AssertNoErrors().Verbose;

        var attempts = verbose.Where(v => v.StartsWith("GET ", StringComparison.Ordinal) && v.Contains("/backupPolicies/HourlyLogBackup:")).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Matches(@": 429 in \d+ ms, Retry-After 0, request id \S+$", attempts[0]);
        Assert.Matches(PolicyRead, attempts[1]);
    }

    [Fact]
    public async Task Verbose_traces_the_polls_of_a_wait_as_they_happen()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(300);
        settings.RetryAfterSeconds = 0;
        await using var emulator = await TestEmulator.StartAsync(settings);
        using var ps = PowerShellSession.Connected(emulator);

        var verbose = ps.Run("Invoke-BackupContainerRefresh -Wait -Verbose").AssertNoErrors().Verbose;

        Assert.Contains(verbose, v => Regex.IsMatch(v, @"^POST /subscriptions/\S+/refreshContainers: 202 in \d+ ms"));
        Assert.Contains(verbose, v => Regex.IsMatch(v, @"^GET /subscriptions/\S+/operationResults/\S+: 20[24] in \d+ ms", RegexOptions.IgnoreCase)); // poll URLs are followed as the service spells them
    }

    [Fact]
    public async Task Debug_adds_headers_and_bodies_with_the_token_hidden()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Connected(emulator);

        var run = ps.Run("Get-BackupPolicy -Name HourlyLogBackup -Debug").AssertNoErrors();

        var request = Assert.Single(run.Debug, d => d.StartsWith("Request: GET ", StringComparison.Ordinal));
        Assert.Contains("/backupPolicies/HourlyLogBackup?api-version=", request);
        Assert.Contains("Authorization: " + SecretRedactor.Hidden, request);
        Assert.Matches(@"User-Agent: BackupCmdlets azsdk-net-BackupCmdlets\.Client/\S+ \(", request);
        var clientRequestId = Regex.Match(request, @"x-ms-client-request-id: ([0-9a-f-]{36})").Groups[1].Value;
        Assert.NotEmpty(clientRequestId);
        var response = Assert.Single(run.Debug, d => d.StartsWith("Response: 200", StringComparison.Ordinal));
        Assert.Contains("x-ms-request-id: ", response);
        Assert.Contains("x-ms-client-request-id: " + clientRequestId, response); // Resource Manager echoes it, so a support case can name the request
        Assert.Contains("\"name\":\"HourlyLogBackup\"", response);
        Assert.All(emulator.Tokens.All, t => Assert.DoesNotContain(t.Token, string.Join("\n", run.Debug)));
        Assert.Single(run.Verbose, v => PolicyRead.IsMatch(v)); // -Debug alone shows the summaries too, as -Verbose would
    }

    [Fact]
    public void Bodies_and_forms_lose_tokens_secrets_and_assertions()
    {
        const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        var json = SecretRedactor.Body($$$"""{"token_type":"Bearer","access_token":"{{{Jwt}}}","refresh_token":"r-123","properties":{"clientSecret":"s-456","name":"HourlyLogBackup","note":"see {{{Jwt}}}"}}""");
        Assert.DoesNotContain(Jwt, json);
        Assert.DoesNotContain("r-123", json);
        Assert.DoesNotContain("s-456", json);
        Assert.Contains("\"name\":\"HourlyLogBackup\"", json);
        Assert.Contains("\"token_type\":\"[redacted]\"", json); // a name that sounds secret is hidden even when harmless

        var form = SecretRedactor.Body($"grant_type=client_credentials&client_id=app&client_secret=s3cr3t&client_assertion={Jwt}&client_assertion_type=jwt-bearer");
        Assert.Equal($"grant_type=client_credentials&client_id=app&client_secret={SecretRedactor.Hidden}&client_assertion={SecretRedactor.Hidden}&client_assertion_type={SecretRedactor.Hidden}", form);

        Assert.Equal(SecretRedactor.Hidden, SecretRedactor.Header("Authorization", "Bearer " + Jwt));
        Assert.Equal(SecretRedactor.Hidden, SecretRedactor.Header("X-IDENTITY-HEADER", "abc"));
        Assert.Equal(SecretRedactor.Hidden, SecretRedactor.Header("X-Some-New-Header", "abc")); // not known harmless: hidden
        Assert.Equal("application/json", SecretRedactor.Header("Content-Type", "application/json"));
        Assert.Equal("https://h/p?api-version=1&sig=" + SecretRedactor.Hidden, SecretRedactor.Url(new Uri("https://h/p?api-version=1&sig=abc")));
    }
}
