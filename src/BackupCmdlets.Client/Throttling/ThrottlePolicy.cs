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

        static async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
        {
            var method = message.Request.Method.Method;
            var gate = ThrottleBudget.GateFor(message.Request.Uri.ToUri(), method);
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
            gate.Leave(ticket, response.Status, BackupClient.ParseRetryAfter(response), Remaining(response, gate.Kind));
            if (response.Status == 429)
                RequestTrace.Current?.Summary($"Throttle: {method} {message.Request.Uri.Path} was throttled; every request of the {gate} waits until {gate.ClosedUntil:HH:mm:ss.fff}");
        }

        static int? Remaining(Azure.Response response, string kind) =>
            response.Headers.TryGetValue("x-ms-ratelimit-remaining-subscription-" + kind, out var value)
            && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var left) ? left : (int?)null;
    }
}
