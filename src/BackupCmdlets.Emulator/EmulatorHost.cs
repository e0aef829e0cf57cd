using BackupCmdlets.Emulator.Endpoints;
using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Emulator.Seed;
using BackupCmdlets.Emulator.State;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BackupCmdlets.Emulator;

/// <summary>A running emulator on loopback: its address, its state and what it received.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:5599";

    readonly WebApplication app;

    public Uri BaseUri { get; }
    public EmulatorState State { get; }
    public RequestLog Log { get; }
    public TokenService Tokens { get; }
    public FaultInjector Faults { get; }
    public Ledger Ledger => State.Ledger;
    public EmulatorSettings Settings => State.Settings;

    EmulatorHost(WebApplication app, Uri baseUri, EmulatorState state, RequestLog log, TokenService tokens, FaultInjector faults)
    {
        this.app = app;
        BaseUri = baseUri;
        State = state;
        Log = log;
        Tokens = tokens;
        Faults = faults;
    }

    /// <summary>Starts on <paramref name="url"/>; port 0 picks a free one.</summary>
    public static async Task<EmulatorHost> StartAsync(EmulatorSettings? settings = null, string url = "http://127.0.0.1:0", string[]? args = null)
    {
        settings ??= new EmulatorSettings();
        var seed = settings.SeedPath == null ? SeedModel.LoadDefault() : SeedModel.Parse(await File.ReadAllTextAsync(settings.SeedPath));
        var builder = WebApplication.CreateSlimBuilder(args ?? Array.Empty<string>());
        builder.WebHost.UseUrls(url);
        if (settings.Certificate is { } certificate)
        {
            // The slim builder leaves https out; a token authority for MSAL must be https.
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate));
        }
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();

        var state = new EmulatorState(settings, seed);
        var log = new RequestLog();
        var tokens = new TokenService(settings);
        var faults = new FaultInjector();
        faults.Set(settings.Faults.Concat(seed.Faults));
        app.UseArmPipeline(tokens, log, settings, faults, state.Ledger, state.Clock);
        TokenEndpoints.Map(app, tokens, settings);
        ControlEndpoints.Map(app, faults, state.Ledger);
        VaultEndpoints.Map(app, state);
        ContainerEndpoints.Map(app, state);
        ItemEndpoints.Map(app, state);
        VaultOperationEndpoints.Map(app, state);
        SubscriptionEndpoints.Map(app, state);
        IntentEndpoints.Map(app, state);
        InventoryEndpoints.Map(app, state);
        RequestLogEndpoints.Map(app, log);
        LifecycleEndpoints.Map(app, state);
        RestoreEndpoints.Map(app, state);
        app.MapFallback((HttpContext ctx) => ArmErrors.Result(404, "NoRegisteredProviderFound",
            $"No HTTP resource was found that matches the request URI '{ctx.Request.Path}'."));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmulatorHost(app, new Uri(address), state, log, tokens, faults);
    }

    public Task WaitForShutdownAsync() => app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
