namespace BackupCmdlets.Emulator.Infrastructure;

/// <summary>
/// Resource Manager's throttling: per subscription, a bucket of read tokens and one of write tokens, each
/// refilling at a steady rate (by <c>clock</c>) up to its burst. A request takes one token of its kind; an empty
/// bucket refuses it without taking anything, and says how long until the next token.
/// </summary>
public sealed class TokenBuckets(ThrottleSettings settings, TimeProvider clock)
{
    readonly object sync = new();
    readonly Dictionary<(string Subscription, bool Write), Bucket> buckets = new();

    /// <summary>Takes a token: (true, tokens left) or, when empty, (false, 0, whole seconds until a token, at least 1).</summary>
    public (bool Allowed, int Remaining, int RetryAfterSeconds) TryTake(string subscription, bool isWrite)
    {
        var burst = isWrite ? settings.WriteBurst : settings.ReadBurst;
        if (!settings.Enabled) return (true, burst, 0);
        var rate = isWrite ? settings.WritesPerSecond : settings.ReadsPerSecond;
        var now = clock.GetUtcNow();
        lock (sync)
        {
            var key = (subscription.ToLowerInvariant(), isWrite);
            if (!buckets.TryGetValue(key, out var bucket))
                buckets[key] = bucket = new Bucket { Tokens = burst, RefilledAt = now };
            if (now > bucket.RefilledAt)
            {
                bucket.Tokens = Math.Min(burst, bucket.Tokens + (now - bucket.RefilledAt).TotalSeconds * rate);
                bucket.RefilledAt = now;
            }
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return (true, (int)Math.Floor(bucket.Tokens), 0);
            }
            var wait = rate > 0 ? Math.Ceiling((1 - bucket.Tokens) / rate) : int.MaxValue;
            return (false, 0, (int)Math.Clamp(wait, 1, int.MaxValue));
        }
    }

    sealed class Bucket
    {
        public double Tokens;
        public DateTimeOffset RefilledAt;
    }
}
