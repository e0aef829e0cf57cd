using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace BackupCmdlets.Emulator.Faults;

/// <summary>What goes wrong.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FaultKind>))]
public enum FaultKind
{
    /// <summary>429 with Retry-After; the rate-limit header reads 0.</summary>
    Throttle,
    /// <summary>An error status (500, 502, 503, 504, ...) with an ARM error body.</summary>
    ServerError,
    /// <summary>The connection is closed without a response.</summary>
    Drop,
    /// <summary>The response comes late (past the client's timeout, if long enough).</summary>
    Delay,
    /// <summary>The body is cut off mid-JSON.</summary>
    MalformedJson,
    /// <summary>The operation this request starts ends Failed with an error body.</summary>
    OperationFails,
    /// <summary>The operation this request starts ends Canceled.</summary>
    OperationCanceled,
    /// <summary>The operation's 202s and statuses carry no Retry-After.</summary>
    NoRetryAfter,
    /// <summary>The operation's 202 carries only Location (no Azure-AsyncOperation).</summary>
    LocationOnly,
}

/// <summary>When a transport fault strikes: before the service acts on the request, or after (the work is done, the answer lost).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FaultPhase>))]
public enum FaultPhase { Before, After }

/// <summary>
/// One fault, for the requests it matches: method and a path regex (any case), skipping the first
/// <see cref="Skip"/> matches, then striking <see cref="Times"/> times (null: every time), each with
/// <see cref="Probability"/> (null: always).
/// </summary>
public sealed class FaultRule
{
    public FaultKind Kind { get; set; }
    public string? Method { get; set; }
    public string PathPattern { get; set; } = ".*";
    public int Skip { get; set; }
    public int? Times { get; set; } = 1;
    public double? Probability { get; set; }
    public FaultPhase Phase { get; set; } = FaultPhase.Before;
    public int Status { get; set; } = 503;
    public int RetryAfterSeconds { get; set; } = 1;
    public int DelayMilliseconds { get; set; } = 5000;
    /// <summary>When set, the rule strikes only after a request matching this method and path has been seen.</summary>
    public string? AfterMethod { get; set; }
    public string? AfterPathPattern { get; set; }

    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }

    internal int Seen;
    internal int Struck;
    internal bool Armed;
    Regex? regex;
    Regex? afterRegex;

    /// <summary>Arms the rule when this request is the one it waits for.</summary>
    internal void Observe(string method, string path)
    {
        if (Armed || AfterPathPattern == null) return;
        if ((AfterMethod == null || string.Equals(AfterMethod, method, StringComparison.OrdinalIgnoreCase)) &&
            (afterRegex ??= new Regex(AfterPathPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)).IsMatch(path))
            Armed = true;
    }

    internal bool IsArmed => AfterPathPattern == null || Armed;

    internal bool Matches(string method, string path) =>
        (Method == null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) &&
        (regex ??= new Regex(PathPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)).IsMatch(path);

    public override string ToString() => $"{Kind} {Method ?? "*"} {PathPattern}" + (Kind == FaultKind.ServerError ? $" {Status}" : "") + $" ({Phase})";
}
