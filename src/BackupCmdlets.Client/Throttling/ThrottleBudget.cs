using System;
using System.Collections.Concurrent;

namespace BackupCmdlets.Client.Throttling
{
    /// <summary>
    /// What Resource Manager allows one subscription, as this process sees it: a gate for reads and one for
    /// writes. There is one budget per (endpoint, subscription) for the whole process, so every cmdlet, every
    /// <see cref="BackupClient"/> and every runspace slows down together when the service says so: ARM counts
    /// per subscription, not per caller.
    /// </summary>
    public sealed class ThrottleBudget
    {
        // Resource Manager's token buckets: writes 200 burst at 10/s, reads 250 burst at 25/s.
        internal const int WriteWindow = 16, MaxWriteWindow = 64, WriteLowMark = 20;
        internal const int ReadWindow = 32, MaxReadWindow = 128, ReadLowMark = 50;
        internal const double WritesPerSecond = 10, ReadsPerSecond = 25;

        static readonly ConcurrentDictionary<string, ThrottleBudget> budgets = new ConcurrentDictionary<string, ThrottleBudget>(StringComparer.Ordinal);

        ThrottleBudget(string endpoint, string subscriptionId)
        {
            Endpoint = endpoint;
            SubscriptionId = subscriptionId;
            Reads = new ThrottleGate("reads", ReadWindow, MaxReadWindow, ReadsPerSecond, ReadLowMark);
            Writes = new ThrottleGate("writes", WriteWindow, MaxWriteWindow, WritesPerSecond, WriteLowMark);
        }

        /// <summary>The endpoint's authority (scheme, host, port), lower case.</summary>
        public string Endpoint { get; }
        public string SubscriptionId { get; }

        /// <summary>GET (and HEAD) requests.</summary>
        public ThrottleGate Reads { get; }

        /// <summary>PUT, POST, PATCH and DELETE requests.</summary>
        public ThrottleGate Writes { get; }

        /// <summary>The process's budget for <paramref name="subscriptionId"/> at <paramref name="endpoint"/>, made on first use.</summary>
        public static ThrottleBudget For(Uri endpoint, string subscriptionId)
        {
            if (endpoint == null) throw new ArgumentNullException(nameof(endpoint));
            if (string.IsNullOrWhiteSpace(subscriptionId)) throw new ArgumentException("A subscription id is required.", nameof(subscriptionId));
            var authority = endpoint.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
            var subscription = subscriptionId.Trim().ToLowerInvariant();
            return budgets.GetOrAdd(authority + "|" + subscription, _ => new ThrottleBudget(authority, subscription));
        }

        internal static bool IsRead(string method) =>
            string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase) || string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase);

        /// <summary>The segment after <c>/subscriptions/</c> (any case, as poll URLs spell it), or null.</summary>
        internal static string SubscriptionOf(string path)
        {
            const string prefix = "/subscriptions/";
            if (path == null || !path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
            var end = path.IndexOf('/', prefix.Length);
            var id = end < 0 ? path.Substring(prefix.Length) : path.Substring(prefix.Length, end - prefix.Length);
            return id.Length == 0 ? null : Uri.UnescapeDataString(id);
        }

        public override string ToString() => $"{Endpoint} subscription {SubscriptionId}: {Reads}; {Writes}";
    }
}
