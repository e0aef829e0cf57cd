using System.Net.Http;
using Azure.Core.Pipeline;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace BackupCmdlets.Tests.ClientTests;

/// <summary>
/// The client's own Azure.Core pipeline (Http.ClientPipeline): the network timeout holds while waiting for the headers
/// (the transport's HttpClient) and for each read of the body (ResponseBufferPolicy), a stalled attempt is retried, and
/// a transport set on the options is the one used. Real Kestrel on loopback, answers cut off on purpose.
/// </summary>
public class ClientPipelineTests
{
    const string VaultJson = """{"id":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v1","name":"v1","location":"westus"}""";

    /// <summary>Headers and the first bytes of the body, then nothing until the client gives up.</summary>
    static async Task StallMidBody(HttpContext ctx)
    {
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = VaultJson.Length;
        await ctx.Response.WriteAsync(VaultJson[..10]);
        await ctx.Response.Body.FlushAsync();
        try { await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted); }
        catch (OperationCanceledException) { }
    }

    static void Quick(BackupClientOptions o, int retries)
    {
        o.Retry.NetworkTimeout = TimeSpan.FromSeconds(1);
        o.Retry.MaxRetries = retries;
    }

    /// <summary>
    /// A server answering /warm at once and everything else with <paramref name="handler"/>, asked once before the test:
    /// a cold Kestrel can take longer than the short timeout to run its first handler.
    /// </summary>
    static async Task<ScriptedServer> StartWarmAsync(Func<HttpContext, Task> handler)
    {
        var server = await ScriptedServer.StartAsync((ctx, s) => ctx.Request.Path == "/warm" ? ScriptedServer.Json(ctx, 200, "{}") : handler(ctx));
        using var http = new HttpClient();
        (await http.GetAsync(server.Url("/warm"))).EnsureSuccessStatusCode();
        return server;
    }

    static int Sent(ScriptedServer server) => server.Requests.Count(r => r.PathAndQuery != "/warm");

    [Fact]
    public async Task A_body_that_stops_midway_is_an_attempt_that_times_out_and_is_retried()
    {
        var calls = 0;
        await using var server = await StartWarmAsync(ctx =>
            Interlocked.Increment(ref calls) == 1 ? StallMidBody(ctx) : ScriptedServer.Json(ctx, 200, VaultJson));

        var vault = await server.Client(o => Quick(o, retries: 2)).GetVaultAsync(VaultId.Parse(Bodies.Vault));

        Assert.Equal("v1", vault.Name); // only a second attempt answers whole
        Assert.True(Sent(server) >= 2);
    }

    [Fact]
    public async Task A_body_that_never_ends_fails_as_no_answer_within_the_network_timeout()
    {
        await using var server = await StartWarmAsync(StallMidBody);

        var e = await Assert.ThrowsAsync<BackupConnectionException>(() => server.Client(o => Quick(o, retries: 1)).GetVaultAsync(VaultId.Parse(Bodies.Vault)));

        Assert.Equal(ConnectionFailure.TimedOut, e.Failure);
        Assert.Contains("did not answer within 00:00:01", e.Message);
    }

    [Fact]
    public async Task Headers_that_never_come_time_out_the_same_way()
    {
        await using var server = await StartWarmAsync(async ctx =>
        {
            try { await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted); }
            catch (OperationCanceledException) { }
        });

        var e = await Assert.ThrowsAsync<BackupConnectionException>(() => server.Client(o => Quick(o, retries: 1)).GetVaultAsync(VaultId.Parse(Bodies.Vault)));

        Assert.Equal(ConnectionFailure.TimedOut, e.Failure);
        Assert.Contains("did not answer within 00:00:01", e.Message);
    }

    [Fact]
    public async Task A_body_shorter_than_its_Content_Length_is_a_failed_attempt_and_is_retried()
    {
        var calls = 0;
        await using var server = await StartWarmAsync(async ctx =>
        {
            if (Interlocked.Increment(ref calls) > 1) { await ScriptedServer.Json(ctx, 200, VaultJson); return; }
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength = VaultJson.Length + 100; // announces more than it sends, then the connection ends
            await ctx.Response.WriteAsync(VaultJson);
            await ctx.Response.Body.FlushAsync();
            ctx.Abort();
        });

        var vault = await server.Client(o => Quick(o, retries: 2)).GetVaultAsync(VaultId.Parse(Bodies.Vault));

        Assert.Equal("v1", vault.Name); // the first answer, whole-looking JSON but short of its length, was not taken
        Assert.Equal(2, Sent(server));
    }

    [Fact]
    public async Task A_body_without_a_length_is_read_whole_across_many_writes()
    {
        var tags = string.Join(",", Enumerable.Range(0, 3000).Select(i => $"\"t{i}\":\"{new string('x', 20)}\""));
        var json = VaultJson.TrimEnd('}') + ",\"tags\":{" + tags + "}}";
        await using var server = await StartWarmAsync(async ctx =>
        {
            ctx.Response.ContentType = "application/json"; // no Content-Length: chunked, in many pieces
            for (var i = 0; i < json.Length; i += 7000)
            {
                await ctx.Response.WriteAsync(json.Substring(i, Math.Min(7000, json.Length - i)));
                await ctx.Response.Body.FlushAsync();
            }
        });

        var vault = await server.Client(o => Quick(o, retries: 0)).GetVaultAsync(VaultId.Parse(Bodies.Vault));

        Assert.Equal(json, vault.ToJson());
    }

    [Fact]
    public async Task A_transport_set_on_the_options_carries_every_request()
    {
        await using var server = await ScriptedServer.StartAsync((ctx, s) => ScriptedServer.Json(ctx, 200, VaultJson));
        var counting = new CountingHandler(new HttpClientHandler());

        var client = server.Client(o => o.Transport = new HttpClientTransport(counting));
        await client.GetVaultAsync(VaultId.Parse(Bodies.Vault));
        await client.GetVaultAsync(VaultId.Parse(Bodies.Vault));

        Assert.Equal(2, counting.Sent); // the token request goes through the credential's own pipeline
    }

    sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int Sent;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Sent);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
