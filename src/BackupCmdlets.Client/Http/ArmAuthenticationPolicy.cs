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
    /// The token is cached and renewed a margin before it expires (five minutes by default), so long
    /// waits never present an expired token. If the service still answers 401 with a Bearer challenge
    /// (a token revoked, or clocks apart), the token is renewed once and the request sent once more:
    /// it was refused before anything was done, so even a backup trigger is safe to resend.
    /// </summary>
    internal sealed class ArmAuthenticationPolicy : HttpPipelinePolicy
    {
        readonly TokenCredential credential;
        readonly string[] scopes;
        readonly TimeSpan refreshMargin;
        readonly SemaphoreSlim gate = new SemaphoreSlim(1, 1);
        AccessToken cached;
        volatile Current current;          // what requests read without the gate: the token and when to renew it
        volatile string allowedHost;       // the last http host found to be loopback

        sealed class Current
        {
            public string Token;
            public string Header; // "Bearer " + Token, made once per token rather than per request
            public DateTimeOffset RenewAt;
        }

        public ArmAuthenticationPolicy(TokenCredential credential, string scope, TimeSpan? refreshMargin = null)
        {
            this.credential = credential ?? throw new ArgumentNullException(nameof(credential));
            scopes = new[] { scope };
            this.refreshMargin = refreshMargin ?? TimeSpan.FromMinutes(5);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline, false).AsTask().GetAwaiter().GetResult();

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline, true);

        async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
        {
            EnsureAllowed(message.Request.Uri);
            var now = current; // the usual case, a token not due for renewal: no lock, no task
            if (now == null || now.RenewAt <= DateTimeOffset.UtcNow)
            {
                await GetTokenAsync(message.CancellationToken, stale: null).ConfigureAwait(false);
                now = current;
            }
            var token = now.Token;
            message.Request.Headers.SetValue(HttpHeader.Names.Authorization, now.Header);
            if (async) await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            else ProcessNext(message, pipeline);

            if (!IsBearerChallenge(message.Response) || Connection.AccessTokenCredential.CannotRenew(credential)) return;
            var fresh = await GetTokenAsync(message.CancellationToken, stale: token).ConfigureAwait(false);
            if (fresh == token) return; // the credential gave the same token again: resending would only be refused again
            message.Request.Headers.SetValue(HttpHeader.Names.Authorization, "Bearer " + fresh);
            if (async) await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            else ProcessNext(message, pipeline);
        }

        /// <summary>https anywhere, http only on loopback; without building a Uri for every request.</summary>
        void EnsureAllowed(RequestUriBuilder uri)
        {
            if (uri.Scheme == Uri.UriSchemeHttps) return;
            if (uri.Scheme == Uri.UriSchemeHttp && uri.Host == allowedHost) return;
            var full = uri.ToUri();
            EndpointPolicy.EnsureAllowed(full);
            allowedHost = uri.Host;
        }

        static bool IsBearerChallenge(Azure.Response response) =>
            response != null && response.Status == 401
            && response.Headers.TryGetValue("WWW-Authenticate", out var challenge)
            && challenge.TrimStart().StartsWith("Bearer", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// The cached token, renewed when it is near expiry, or when <paramref name="stale"/> (a token the
        /// service refused) is still the cached one. Concurrent requests refused together renew it once.
        /// </summary>
        async Task<string> GetTokenAsync(CancellationToken cancellationToken, string stale)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var refused = stale != null && cached.Token == stale;
                if (refused || cached.Token == null || cached.ExpiresOn - refreshMargin <= DateTimeOffset.UtcNow)
                {
                    cached = await credential.GetTokenAsync(new TokenRequestContext(scopes), cancellationToken).ConfigureAwait(false);
                    current = new Current { Token = cached.Token, Header = "Bearer " + cached.Token, RenewAt = cached.ExpiresOn - refreshMargin };
                }
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
