using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BackupCmdlets.Emulator;

namespace BackupCmdlets.Tests.Support;

/// <summary>Plain HTTP against the emulator, with no client library in between: what any ARM caller sends.</summary>
internal sealed class RawArm : IDisposable
{
    public const string VaultPath = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/SQLServerSelfHost/providers/Microsoft.RecoveryServices/vaults/SQLServer2012";
    public const string Container = "VMAppContainer;Compute;SQLServerPMDemo;sqlserver-0";
    public const string ContainerPath = VaultPath + "/backupFabrics/Azure/protectionContainers/" + Container;
    public const string ItemPath = ContainerPath + "/protectedItems/sqldatabase;mssqlserver;msdb";

    readonly HttpClient http = new();
    public EmulatorHost Host { get; }

    public RawArm(EmulatorHost host, string? token)
    {
        Host = host;
        http.BaseAddress = host.BaseUri;
        if (token != null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public static async Task<RawArm> SignedInAsync(EmulatorHost host)
    {
        using var anonymous = new HttpClient { BaseAddress = host.BaseUri };
        var audience = host.BaseUri.GetLeftPart(UriPartial.Authority);
        var response = await anonymous.PostAsync("/tenant/oauth2/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "tests", ["client_secret"] = "s", ["scope"] = audience + "/.default",
        }));
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new RawArm(host, doc.RootElement.GetProperty("access_token").GetString());
    }

    public Task<HttpResponseMessage> Send(HttpMethod method, string pathAndQuery, string? json = null)
    {
        var request = new HttpRequestMessage(method, pathAndQuery);
        if (json != null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return http.SendAsync(request);
    }

    public Task<HttpResponseMessage> Get(string pathAndQuery) => Send(HttpMethod.Get, pathAndQuery);

    /// <summary>Polls a URL the service gave until it stops answering 202, honouring Retry-After.</summary>
    public async Task<HttpResponseMessage> PollUntilDone(string url)
    {
        while (true)
        {
            var response = await http.GetAsync(url);
            if (response.StatusCode != System.Net.HttpStatusCode.Accepted) return response;
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>A body of the published walkthrough, its ids made whole (the article's are two digits short of a subscription GUID).</summary>
    public static string Walkthrough(string name) => Shapes.Fixture(Path.Combine("walkthrough", name)).GetRawText().Replace("-0000000000/", "-000000000000/");

    /// <summary>The walkthrough's steps, sent as its bodies say and polled to their end.</summary>
    public async Task<string> RefreshedAsync()
    {
        var refresh = await Send(HttpMethod.Post, VaultPath + "/backupFabrics/Azure/refreshContainers?api-version=2016-12-01&$filter=backupManagementType eq 'AzureWorkload'");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await PollUntilDone(refresh.Headers.Location!.ToString())).StatusCode);
        return refresh.Headers.Location!.ToString();
    }

    public async Task RegisteredAsync(bool inquire)
    {
        await RefreshedAsync();
        var put = await Send(HttpMethod.Put, ContainerPath + "?api-version=2016-12-01", Walkthrough("ProtectionContainers_Register_Request.json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await PollUntilDone(put.Headers.Location!.ToString())).StatusCode);
        if (!inquire) return;
        var inquiry = await Send(HttpMethod.Post, ContainerPath + "/inquire?api-version=2016-12-01&$filter=workloadType EQ 'SQLDataBase'");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await PollUntilDone(inquiry.Headers.Location!.ToString())).StatusCode);
    }

    /// <summary>msdb protected with HourlyLogBackup, the walkthrough's way.</summary>
    public async Task ProtectedAsync()
    {
        await RegisteredAsync(inquire: true);
        var put = await Send(HttpMethod.Put, ItemPath + "?api-version=2016-12-01", Walkthrough("ProtectedItem_Enable_Request.json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await PollUntilDone(put.Headers.Location!.ToString())).StatusCode);
    }

    public static async Task<JsonElement> Body(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    public void Dispose() => http.Dispose();
}
