namespace BackupCmdlets.Emulator;

/// <summary>Knobs that make the emulator fast for tests or realistic for demos.</summary>
public sealed class EmulatorSettings
{
    /// <summary>How long each asynchronous operation (refresh, register, inquire, enable, trigger) runs.</summary>
    public TimeSpan OperationDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The Retry-After (whole seconds) sent with every 202 and every in-progress status.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>How long a backup job stays InProgress before it completes.</summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Items per page of every list; the rest follows by nextLink.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>Lifetime of access tokens issued by the emulator's token endpoint.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Path of a seed JSON file; null means the embedded default seed.</summary>
    public string? SeedPath { get; set; }

    /// <summary>Faults to inject from the start (the seed file's "faults" section adds to these).</summary>
    public List<Faults.FaultRule> Faults { get; set; } = new();

    /// <summary>
    /// The value the managed-identity endpoint expects in X-IDENTITY-HEADER, as Azure Automation and
    /// App Service put it in IDENTITY_HEADER. A fixed public value by default: the emulator guards no data.
    /// </summary>
    public string IdentityHeader { get; set; } = "emulator-identity-header";

    /// <summary>A certificate (with its private key) for https URLs, which MSAL needs of a token authority.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; set; }

    /// <summary>Keep each response body in the request log, so tests can check every answer against the spec.</summary>
    public bool KeepResponseBodies { get; set; }

    /// <summary>The clock; tests may substitute their own.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>ARM's per-subscription token buckets (reads and writes); on by default, as in Azure.</summary>
    public ThrottleSettings Throttling { get; set; } = new();

    /// <summary>Added (in real time) before answering a read that is not a poll.</summary>
    public TimeSpan ReadLatency { get; set; } = TimeSpan.Zero;

    /// <summary>Added (in real time) before answering a write (PUT, POST, PATCH, DELETE).</summary>
    public TimeSpan WriteLatency { get; set; } = TimeSpan.Zero;

    /// <summary>Added (in real time) before answering a poll: a GET of an operation's status or result, or of one job.</summary>
    public TimeSpan PollLatency { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How many times faster than <see cref="Clock"/> the service's time runs: operations and jobs end that much sooner
    /// in real time. The throttling buckets and tokens keep to <see cref="Clock"/> itself, as ARM's do to real time.
    /// </summary>
    public double ClockSpeed { get; set; } = 1;
}
