using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;

namespace BackupCmdlets.Client.Http
{
    /// <summary>
    /// Adds the bearer token. Azure.Core's own policy refuses plain http, which the loopback
    /// emulator needs; this one allows http only for loopback hosts and https everywhere else.
    /// The token is cached and renewed five minutes before it expires, so long waits never
    /// present an expired token.
    /// </summary>
    internal sealed class ArmAuthenticationPolicy : HttpPipelinePolicy
    {
        static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

        readonly TokenCredential credential;
        readonly string[] scopes;
        readonly SemaphoreSlim gate = new SemaphoreSlim(1, 1);
        AccessToken cached;

        public ArmAuthenticationPolicy(TokenCredential credential, string scope)
        {
            this.credential = credential ?? throw new ArgumentNullException(nameof(credential));
            scopes = new[] { scope };
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline, false).AsTask().GetAwaiter().GetResult();

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline, true);

        async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
        {
            EndpointPolicy.EnsureAllowed(message.Request.Uri.ToUri());
            var token = await GetTokenAsync(message.CancellationToken, forceRefresh: false).ConfigureAwait(false);
            message.Request.Headers.SetValue(HttpHeader.Names.Authorization, "Bearer " + token);
            if (async) await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            else ProcessNext(message, pipeline);
        }

        async Task<string> GetTokenAsync(CancellationToken cancellationToken, bool forceRefresh)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (forceRefresh || cached.Token == null || cached.ExpiresOn - RefreshMargin <= DateTimeOffset.UtcNow)
                    cached = await credential.GetTokenAsync(new TokenRequestContext(scopes), cancellationToken).ConfigureAwait(false);
                return cached.Token;
            }
            finally
            {
                gate.Release();
            }
        }
    }

    /// <summary>Endpoints must use https, except loopback addresses (the emulator).</summary>
    public static class EndpointPolicy
    {
        public static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

        public static void EnsureAllowed(Uri uri)
        {
            if (uri.Scheme == Uri.UriSchemeHttps) return;
            if (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri)) return;
            throw new InvalidOperationException($"Refusing to send a token to '{uri.GetLeftPart(UriPartial.Authority)}': only https endpoints (or http on loopback, for the emulator) are allowed.");
        }
    }
}
