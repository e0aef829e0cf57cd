using System;
using System.Globalization;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using BackupCmdlets.Client.Tracing;

namespace BackupCmdlets.Client.Throttling
{
    /// <summary>
    /// Passes every attempt (it sits after the retry policy) through its subscription's <see cref="ThrottleGate"/>
    /// and tells the gate how the service answered. The retry policy's own wait after a 429 and the gate's end
    /// at the same moment (both count Retry-After from the 429's arrival), so they overlap and never add up.
    /// </summary>
    internal sealed class ThrottlePolicy : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline, false).AsTask().GetAwaiter().GetResult();

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline, true);

        async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
        {
            var method = message.Request.Method.Method;
            var budget = BudgetOf(message.Request.Uri);
            var gate = budget == null ? null : ThrottleBudget.IsRead(method) ? budget.Reads : budget.Writes;
            if (gate == null)
            {
                if (async) await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
                else ProcessNext(message, pipeline);
                return;
            }
            var (waited, ticket) = await gate.EnterAsync(message.CancellationToken).ConfigureAwait(false);
            if (waited >= TimeSpan.FromMilliseconds(1))
                RequestTrace.Current?.Summary($"Throttle: {method} {message.Request.Uri.Path} waited {(long)waited.TotalMilliseconds} ms at the {gate}");
            try
            {
                if (async) await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
                else ProcessNext(message, pipeline);
            }
            catch
            {
                gate.Leave(ticket, null, null, null);
                throw;
            }
            var response = message.Response;
            gate.Leave(ticket, response.Status, response.Status == 429 ? BackupClient.ParseRetryAfter(response) : null, Remaining(response, gate.RemainingHeader));
            if (response.Status == 429)
                RequestTrace.Current?.Summary($"Throttle: {method} {message.Request.Uri.Path} was throttled; every request of the {gate} waits until {gate.ClosedUntil:HH:mm:ss.fff}");
        }

        /// <summary>The last budget found, with what found it: a client sends to one endpoint and subscription, so most requests match it.</summary>
        sealed class Found
        {
            public string Scheme, Host, Subscription;
            public int Port;
            public ThrottleBudget Budget;
        }

        volatile Found last;

        /// <summary>The budget of the subscription a request names, or null; without building a Uri when it is the last one's.</summary>
        ThrottleBudget BudgetOf(RequestUriBuilder uri)
        {
            var subscription = ThrottleBudget.SubscriptionOf(uri.Path);
            if (subscription == null) return null;
            var seen = last;
            if (seen != null && seen.Port == uri.Port && seen.Scheme == uri.Scheme
                && string.Equals(seen.Host, uri.Host, StringComparison.OrdinalIgnoreCase)
                && string.Equals(seen.Subscription, subscription, StringComparison.OrdinalIgnoreCase))
                return seen.Budget;
            var budget = ThrottleBudget.For(uri.ToUri(), subscription);
            last = new Found { Scheme = uri.Scheme, Host = uri.Host, Port = uri.Port, Subscription = subscription, Budget = budget };
            return budget;
        }

        static int? Remaining(Azure.Response response, string header) =>
            response.Headers.TryGetValue(header, out var value)
            && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var left) ? left : (int?)null;
    }
}
