using System.Collections.Concurrent;
using Azure.Core;
using BackupCmdlets.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackupCmdlets.Tests.Support;

/// <summary>
/// A real Kestrel server on loopback whose answers a test scripts request by request, for the
/// shapes the emulator does not produce on its own (odd async headers, failures, broken pages).
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    public sealed record Seen(string Method, string PathAndQuery, DateTimeOffset At, string? Authorization, string Body);

    readonly WebApplication app;

    public Uri BaseUri { get; }

    /// <summary>The answer to GET .../backupJobs (the list a trigger reads before and after an ambiguous failure); null to script it in the handler.</summary>
    public Func<string>? JobList { get; set; } = () => "{\"value\":[]}";
    public ConcurrentQueue<Seen> Requests { get; } = new();
    public string Url(string pathAndQuery) => BaseUri.GetLeftPart(UriPartial.Authority) + pathAndQuery;

    ScriptedServer(WebApplication app, Uri baseUri)
    {
        this.app = app;
        BaseUri = baseUri;
    }

    public static async Task<ScriptedServer> StartAsync(Func<HttpContext, ScriptedServer, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        ScriptedServer? server = null;
        app.Run(async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (ctx.Request.Path.Value!.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
            {
                await ctx.Response.WriteAsJsonAsync(new { token_type = "Bearer", expires_in = 3600, access_token = "scripted-token" });
                return;
            }
            if (ctx.Request.Method == "GET" && ctx.Request.Path.Value!.EndsWith("/backupJobs", StringComparison.OrdinalIgnoreCase) && server!.JobList != null)
            {
                server.Requests.Enqueue(new Seen(ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString, DateTimeOffset.UtcNow, ctx.Request.Headers.Authorization, body));
                await ctx.Response.WriteAsync(server.JobList());
                return;
            }
            server!.Requests.Enqueue(new Seen(ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString, DateTimeOffset.UtcNow, ctx.Request.Headers.Authorization, body));
            ctx.Response.Headers["x-ms-request-id"] = "req-" + server.Requests.Count;
            await handler(ctx, server);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new ScriptedServer(app, new Uri(address));
        return server;
    }

    public BackupClient Client(Action<BackupClientOptions>? configure = null)
    {
        var options = new BackupClientOptions { DefaultPollInterval = TimeSpan.FromMilliseconds(50), JobPollInterval = TimeSpan.FromMilliseconds(50), AmbiguousTriggerCheckDelay = TimeSpan.FromMilliseconds(20) };
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
        configure?.Invoke(options);
        return BackupClient.Create(new BackupCmdlets.Client.Connection.ConnectionSettings { Environment = "Emulator", ResourceManagerUrl = BaseUri }, options);
    }

    public static Task Json(HttpContext ctx, int status, string json, params (string Name, string Value)[] headers)
    {
        ctx.Response.StatusCode = status;
        foreach (var (name, value) in headers) ctx.Response.Headers[name] = value;
        if (json.Length == 0) return Task.CompletedTask;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>A credential that hands out a fixed token, for tests of what the service does with a bad one.</summary>
internal sealed class FixedTokenCredential(string token) : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(token, DateTimeOffset.UtcNow.AddHours(1));
    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
}
