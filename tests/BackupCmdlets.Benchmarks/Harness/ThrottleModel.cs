namespace BackupCmdlets.Benchmarks.Harness;

/// <summary>
/// Azure-like service figures for the emulator, as its flags, and the throttle-bound minimum wall time they
/// allow for protecting and backing up N databases (docs/benchmarks.md writes the formula out).
/// Times are seconds; operation and job times are the service's (emulator clock), the rest real time.
/// </summary>
public sealed record ThrottleModel
{
    public bool Throttle { get; init; } = true;
    public int WriteBurst { get; init; } = 200;
    public double WritesPerSecond { get; init; } = 10;
    public int ReadBurst { get; init; } = 250;
    public double ReadsPerSecond { get; init; } = 25;
    public double WriteLatency { get; init; } = 0.300;
    public double ReadLatency { get; init; } = 0.100;
    public double PollLatency { get; init; } = 0.100;
    /// <summary>How long an operation (register, inquire, protect, trigger) runs on the service's clock.</summary>
    public double OperationSeconds { get; init; } = 30;
    /// <summary>How long a backup job runs on the service's clock.</summary>
    public double JobSeconds { get; init; } = 600;
    /// <summary>The emulator's clock runs this many times faster than real time.</summary>
    public double ClockSpeed { get; init; } = 60;
    /// <summary>Retry-After of every 202 and running status, in (real) seconds.</summary>
    public int RetryAfter { get; init; } = 1;
    public int PageSize { get; init; } = 50;

    public string[] Flags() =>
    [
        "--throttle", Throttle ? "on" : "off",
        "--read-latency-ms", Ms(ReadLatency), "--write-latency-ms", Ms(WriteLatency), "--poll-latency-ms", Ms(PollLatency),
        "--operation-seconds", Report.F(OperationSeconds, "0.###"), "--job-seconds", Report.F(JobSeconds, "0.###"),
        "--clock-speed", Report.F(ClockSpeed, "0.###"), "--retry-after", RetryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--page-size", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];

    static string Ms(double seconds) => Report.F(seconds * 1000, "0");

    public double OperationReal => OperationSeconds / ClockSpeed;
    public double JobReal => JobSeconds / ClockSpeed;

    /// <summary>Polls of one operation at Retry-After: the first that comes after its end sees it done.</summary>
    public int PollsPerOperation => Math.Max(1, (int)Math.Ceiling(OperationReal / RetryAfter));

    /// <summary>From an operation's 202 to the answer of the poll that sees it done.</summary>
    public double SeeOperation => PollsPerOperation * (RetryAfter + PollLatency);

    /// <summary>Reads of a job: one when the trigger's status names it; one more if it was still running then.</summary>
    public int JobReads => JobReal <= SeeOperation ? 1 : 2;

    /// <summary>Protocol-minimum requests to protect and back up N databases listed in one vault (plus connect and the policy).</summary>
    public (int Writes, int Reads) MinimumRequests(int databases)
    {
        var pages = Math.Max(1, (databases + PageSize - 1) / PageSize);
        return (2 * databases, 2 + pages + databases * (2 * PollsPerOperation + JobReads));
    }

    /// <summary>From a trigger's POST to the answer that shows its job ended.</summary>
    public double Tail => WriteLatency + Math.Max(SeeOperation, JobReal) + PollLatency;

    public sealed record Bound(double Seconds, double CriticalPath, double WritesBound, double ReadsBound, int Writes, int Reads);

    public Bound Minimum(int databases)
    {
        var (writes, reads) = MinimumRequests(databases);
        var writeWait = Throttle ? Math.Max(0, (writes - WriteBurst) / WritesPerSecond) : 0;
        var readWait = Throttle ? Math.Max(0, (reads - ReadBurst) / ReadsPerSecond) : 0;
        // One database alone: first page, protect (PUT + polls), trigger (POST + polls), its job seen ended.
        var critical = ReadLatency + WriteLatency + SeeOperation + Tail;
        // The last write is a trigger (each database's trigger follows its protect): not before its token, then its tail.
        var writesBound = Math.Max(ReadLatency, writeWait) + Tail;
        var readsBound = readWait + PollLatency;
        return new Bound(Math.Max(critical, Math.Max(writesBound, readsBound)), critical, writesBound, readsBound, writes, reads);
    }
}
