using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Connection;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Emulator;

/// <summary>
/// Client overhead per request (issue 9): sequential GETs of one small resource (the vault) through
/// <see cref="BackupClient"/> against a bare <see cref="HttpClient"/> loop sending the same request to the same
/// loopback URL (bearer token, Accept, User-Agent, client request id), reading the whole body. After a warm-up that lasts until
/// the JIT is done; same emulator, same process, in short alternating
/// blocks so that the machine's load hits both alike; the figure is the median of the blocks' ratios.
/// dotnet run -c Release --project tests/BackupCmdlets.Benchmarks -- --scenario overhead [--requests N] [--rounds N]
/// </summary>
static class OverheadScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = SpeedArgs.Int(args, "--requests", 250);
        var rounds = SpeedArgs.Int(args, "--rounds", 40);
        var vault = new VaultId("00000000-0000-0000-0000-000000000000", "SQLServerSelfHost", "SQLServer2012");
        // Throttling off: with Resource Manager's buckets the loop would measure Retry-After instead of the client.
        var settings = new EmulatorSettings();
        settings.Throttling.Enabled = false;
        await using var emulator = await EmulatorHost.StartAsync(settings);

        var client = BackupClient.Create(new ConnectionSettings { Environment = "Emulator", ResourceManagerUrl = emulator.BaseUri });
        var url = $"{client.Endpoint.GetLeftPart(UriPartial.Authority)}{vault.PathOf()}?api-version={client.ApiVersion}";
        using var bare = new HttpClient();
        var token = await TokenAsync(bare, emulator.BaseUri);

        async Task ViaClient(int n) { for (var i = 0; i < n; i++) await client.GetVaultAsync(vault); }
        // The same request the client sends, so the emulator (in this process) does the same work for both loops:
        // its user agent, a client request id (made as cheaply as the client makes its own) and the ask to echo it.
        var userAgent = new Azure.Core.TelemetryDetails(typeof(BackupClient).Assembly, client.Options.Diagnostics.ApplicationId).ToString();
        var ids = 0;
        async Task ViaHttpClient(int n)
        {
            for (var i = 0; i < n; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Headers.Accept.ParseAdd("application/json");
                request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
                request.Headers.TryAddWithoutValidation("x-ms-client-request-id", new Guid(++ids, 0, 0x4000, 0x80, 1, 2, 3, 4, 5, 6, 7).ToString());
                request.Headers.TryAddWithoutValidation("x-ms-return-client-request-id", "true");
                using var response = await bare.SendAsync(request);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            }
        }

        // Warm-up: connection pools, the token cache, and the JIT until it is done. Tiered compilation recompiles hot
        // methods in the background for seconds after they first run. After a warm-up of 500 requests a loop, that took
        // 1.2-1.6 s of a core during the blocks, and the figure read 1.25-1.35 (1.06-1.09 with every method fully compiled
        // at once, DOTNET_TieredCompilation=0): a start-up cost, measured by the import and connect scenarios, not a
        // per-request one. So the warm-up goes on until two passes of both loops compile nothing.
        var warmUp = await WarmUpAsync(ViaClient, ViaHttpClient);
        var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
        // Short alternating blocks: the load of a shared machine drifts more slowly than a block lasts, so each
        // block's ratio to its neighbour compares like with like; the figure is the median of those ratios.
        var ratios = new List<double>();
        var clientTimes = new List<double>();
        var bareTimes = new List<double>();
        var cpu = new double[2];
        var allocated = new double[2];
        for (var r = 0; r < rounds; r++)
        {
            var (b, bCpu, bBytes) = await MicrosecondsPerRequest(ViaHttpClient, requests);
            var (c, cCpu, cBytes) = await MicrosecondsPerRequest(ViaClient, requests);
            allocated[0] += cBytes;
            allocated[1] += bBytes;
            bareTimes.Add(b);
            clientTimes.Add(c);
            ratios.Add(c / b);
            cpu[0] += cCpu;
            cpu[1] += bCpu;
        }
        Console.WriteLine($"Client overhead: {rounds} alternating blocks of {requests} sequential GETs of the vault on loopback ({Environment.ProcessorCount} cores, {DateTime.UtcNow:u})");
        Console.WriteLine($"  BackupClient.GetVaultAsync: median {Median(clientTimes),7:0.0} µs a request, CPU {cpu[0] / rounds,7:0.0} µs, {allocated[0] / rounds / 1024,5:0.0} KB allocated (emulator included)");
        Console.WriteLine($"  bare HttpClient:            median {Median(bareTimes),7:0.0} µs a request, CPU {cpu[1] / rounds,7:0.0} µs, {allocated[1] / rounds / 1024,5:0.0} KB allocated (emulator included)");
        Console.WriteLine($"  CPU time ratio: {cpu[0] / cpu[1]:0.00}; block ratios from {ratios.Min():0.00} to {ratios.Max():0.00}");
        Console.WriteLine($"  warm-up: {warmUp.Passes} passes of both loops in {warmUp.Elapsed.TotalSeconds:0.0} s until the JIT was done; JIT time during the blocks: {(System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds:0} ms");
        Console.WriteLine($"figure: client overhead per request, BackupClient / bare HttpClient (median of block ratios): {Median(ratios):0.00} (goal: <= 1.2)");
        using var sample = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        using var answer = await bare.SendAsync(sample);
        await InMemoryAsync(vault, token, emulator.BaseUri, await answer.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync());
        return 0;
    }

    /// <summary>
    /// The same two loops over an in-memory handler (no socket, no server): what the client itself costs a request,
    /// steady from run to run where the loopback figure is not. Not a goal of its own; it tells code changes apart.
    /// </summary>
    static async Task InMemoryAsync(VaultId vault, string token, Uri endpoint, byte[] body)
    {
        var handler = new InMemoryHandler(body);
        var options = new BackupClientOptions { Transport = new Azure.Core.Pipeline.HttpClientTransport(new HttpClient(handler)) };
        var secret = new System.Security.SecureString();
        foreach (var ch in token) secret.AppendChar(ch);
        var client = BackupClient.Create(new ConnectionSettings { Environment = "Emulator", ResourceManagerUrl = endpoint, SignIn = SignInMethod.AccessToken, AccessToken = secret }, options);
        var url = $"{client.Endpoint.GetLeftPart(UriPartial.Authority)}{vault.PathOf()}?api-version={client.ApiVersion}";
        using var http = new HttpClient(handler);
        async Task ViaClient(int n) { for (var i = 0; i < n; i++) await client.GetVaultAsync(vault); }
        async Task ViaHttpClient(int n)
        {
            for (var i = 0; i < n; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Headers.Accept.ParseAdd("application/json");
                request.Headers.UserAgent.ParseAdd("BackupCmdlets-bench/1.0");
                using var response = await http.SendAsync(request);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            }
        }
        await ViaClient(20_000);
        await ViaHttpClient(20_000);
        var c = new List<(double Wall, double Cpu, double Bytes)>();
        var b = new List<(double Wall, double Cpu, double Bytes)>();
        for (var r = 0; r < 5; r++)
        {
            b.Add(await MicrosecondsPerRequest(ViaHttpClient, 50_000));
            c.Add(await MicrosecondsPerRequest(ViaClient, 50_000));
        }
        double Wall(List<(double Wall, double Cpu, double Bytes)> runs) => Median(runs.Select(x => x.Wall));
        Console.WriteLine($"  in memory (no socket, no server), median of 5 runs of 50,000: BackupClient {Wall(c):0.00} µs and {c.Average(x => x.Bytes) / 1024:0.0} KB a request, " +
            $"bare HttpClient {Wall(b):0.00} µs and {b.Average(x => x.Bytes) / 1024:0.0} KB: the client's own work {Wall(c) - Wall(b):0.00} µs and {(c.Average(x => x.Bytes) - b.Average(x => x.Bytes)) / 1024:0.0} KB a request");
    }

    /// <summary>
    /// Runs both loops in passes of 500 requests each until two passes in a row compile no method (at least 2 s, at
    /// most 60 s: tiered compilation waits for a quiet spell before it recompiles hot methods).
    /// </summary>
    static async Task<(int Passes, TimeSpan Elapsed)> WarmUpAsync(Func<int, Task> first, Func<int, Task> second)
    {
        var clock = Stopwatch.StartNew();
        var (passes, quiet) = (0, 0);
        while (true)
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            await first(500);
            await second(500);
            passes++;
            quiet = System.Runtime.JitInfo.GetCompiledMethodCount() == compiled ? quiet + 1 : 0;
            if ((quiet >= 2 && clock.Elapsed > TimeSpan.FromSeconds(2)) || clock.Elapsed > TimeSpan.FromSeconds(60)) return (passes, clock.Elapsed);
        }
    }

    /// <summary>Wall-clock time, process CPU time and bytes allocated (the emulator's included: it runs in this process) per request.</summary>
    static async Task<(double Wall, double Cpu, double Bytes)> MicrosecondsPerRequest(Func<int, Task> loop, int n)
    {
        var process = Process.GetCurrentProcess();
        var bytes = GC.GetTotalAllocatedBytes();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await loop(n);
        var wall = clock.Elapsed.TotalMicroseconds / n;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu).TotalMicroseconds / n, (GC.GetTotalAllocatedBytes() - bytes) / (double)n);
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>A token from the emulator's token endpoint, signed in as the client's emulator credential does (public, fixed values).</summary>
    static async Task<string> TokenAsync(HttpClient http, Uri emulator)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "backupcmdlets-emulator",
            ["client_secret"] = "emulator-not-a-secret",
            ["scope"] = emulator.GetLeftPart(UriPartial.Authority) + "/.default",
        });
        using var response = await http.PostAsync(new Uri(emulator, "/emulator/oauth2/v2.0/token"), form);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("access_token").GetString()!;
    }
}

/// <summary>Command-line values of the scenarios.</summary>
static class SpeedArgs
{
    public static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }

    public static string? Str(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

/// <summary>The speed scenarios by name, for Program's --scenario dispatch.</summary>
static class SpeedScenarios
{
    public static Task<int> RunAsync(string name, string[] args) => name switch
    {
        "overhead" => OverheadScenario.RunAsync(args),
        "import" => ImportScenario.RunAsync(args),
        "connect" => ConnectScenario.RunAsync(args),
        _ => Task.FromResult(Unknown(name)),
    };

    static int Unknown(string name)
    {
        Console.Error.WriteLine($"No scenario '{name}'. Scenarios: overhead, import, connect.");
        return 2;
    }
}
