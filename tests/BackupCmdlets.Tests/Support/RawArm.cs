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

    public static async Task<JsonElement> Body(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    public void Dispose() => http.Dispose();
}
