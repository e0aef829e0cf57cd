using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Runtime.InteropServices;
using Azure.Core;
using Azure.Core.Pipeline;

namespace BackupCmdlets.Client.Http
{
    /// <summary>
    /// The transport under the client's pipeline: Azure.Core's <see cref="HttpClientTransport"/>, over an
    /// <see cref="HttpClient"/> whose <see cref="HttpClient.Timeout"/> is the network timeout, so a request whose
    /// answer does not start in time fails (and is retried) instead of hanging. One handler for the process, so every
    /// client shares its connections; one transport per timeout. A transport set on the options is used as it is.
    /// </summary>
    internal static class ClientTransport
    {
        static readonly Lazy<HttpMessageHandler> handler = new Lazy<HttpMessageHandler>(CreateHandler);
        static readonly ConcurrentDictionary<TimeSpan, HttpPipelineTransport> byTimeout = new ConcurrentDictionary<TimeSpan, HttpPipelineTransport>();

        public static HttpPipelineTransport For(ClientOptions options)
        {
            if (!ReferenceEquals(options.Transport, HttpClientTransport.Shared)) return options.Transport;
            return byTimeout.GetOrAdd(options.Retry.NetworkTimeout,
                timeout => new HttpClientTransport(new HttpClient(handler.Value, disposeHandler: false) { Timeout = timeout }));
        }

        /// <summary>What Azure.Core's default handler sets: no redirects followed (ARM sends none), no cookies, and on .NET Framework more than two connections to a host.</summary>
        static HttpMessageHandler CreateHandler()
        {
            var created = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase))
            {
                try { created.MaxConnectionsPerServer = 50; }
                catch (PlatformNotSupportedException) { }
            }
            return created;
        }
    }
}
