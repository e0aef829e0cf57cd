namespace BackupCmdlets.Emulator;

/// <summary>
/// Resource Manager's token buckets, one pair per subscription: a request takes a token from the bucket of its
/// kind (GET a read; PUT, POST, PATCH and DELETE a write), the bucket refills at a steady rate up to its burst,
/// and an empty bucket answers 429. The defaults are the sizes ARM documents for a subscription.
/// </summary>
public sealed class ThrottleSettings
{
    /// <summary>False: no bucket ever empties (the rate-limit headers still report the full burst).</summary>
    public bool Enabled { get; set; } = true;

    public int ReadBurst { get; set; } = 250;

    public double ReadsPerSecond { get; set; } = 25;

    public int WriteBurst { get; set; } = 200;

    public double WritesPerSecond { get; set; } = 10;
}
