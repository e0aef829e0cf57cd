using System.Collections.Generic;
using Azure.Core;
using Azure.Core.Pipeline;

namespace BackupCmdlets.Client.Http
{
    /// <summary>
    /// The client's Azure.Core <see cref="HttpPipeline"/>, built from the policies it uses and no others: identity
    /// headers, Azure.Core's <see cref="RetryPolicy"/> (Retry-After honoured), then per attempt the given policies
    /// (sign-in, throttle gate, trace), the body read whole under the network timeout, and the transport
    /// (<see cref="ClientTransport"/>: Azure.Core's, over an HttpClient that times out).
    /// <see cref="HttpPipelineBuilder"/> would add Azure.Core's logging, activity, redirect and response-body
    /// policies to every request: nothing here listens to the first two, ARM does not redirect, and the last is
    /// <see cref="ResponseBufferPolicy"/>'s job. Leaving them out took about a tenth off each request (docs/benchmarks.md).
    /// </summary>
    internal static class ClientPipeline
    {
        public static HttpPipeline Build(BackupClientOptions options, params HttpPipelinePolicy[] perAttempt)
        {
            var policies = new List<HttpPipelinePolicy>
            {
                new RequestIdentityPolicy(new TelemetryDetails(typeof(BackupClient).Assembly, options.Diagnostics.ApplicationId).ToString()),
                options.RetryPolicy ?? new RetryPolicy(options.Retry.MaxRetries, Delays(options.Retry)),
            };
            policies.AddRange(perAttempt);
            policies.Add(new ResponseBufferPolicy(options.Retry.NetworkTimeout));
            return new HttpPipeline(ClientTransport.For(options), policies.ToArray(), new ResponseClassifier());
        }

        /// <summary>The waits between attempts that <see cref="RetryOptions"/> describe, as Azure.Core's builder makes them.</summary>
        static DelayStrategy Delays(RetryOptions retry) =>
            retry.Mode == RetryMode.Exponential
                ? DelayStrategy.CreateExponentialDelayStrategy(retry.Delay, retry.MaxDelay)
                : DelayStrategy.CreateFixedDelayStrategy(retry.Delay);
    }
}
