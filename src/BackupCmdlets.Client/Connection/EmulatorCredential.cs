using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Identity;
using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Client.Connection
{
    /// <summary>
    /// Client-credentials sign-in at the emulator's loopback token endpoint. The client id and
    /// secret are fixed, public values: the emulator guards no data, it only makes the client
    /// carry and renew a real bearer token as it must against Azure.
    /// </summary>
    internal sealed class EmulatorCredential : TokenCredential
    {
        internal const string ClientId = "backupcmdlets-emulator";
        const string ClientSecret = "emulator-not-a-secret";
        static readonly HttpClient Http = new HttpClient();

        readonly Uri authority;
        readonly string tenant;

        public EmulatorCredential(Uri authority, string tenant)
        {
            if (!EndpointPolicy.IsLoopback(authority))
                throw new ArgumentException($"The emulator credential only signs in at a loopback address, not '{authority}'.");
            this.authority = authority;
            this.tenant = string.IsNullOrEmpty(tenant) ? "emulator" : tenant;
        }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = ClientId,
                ["client_secret"] = ClientSecret,
                ["scope"] = string.Join(" ", requestContext.Scopes),
            });
            var url = new Uri(authority, $"/{Uri.EscapeDataString(tenant)}/oauth2/v2.0/token");
            using (var response = await Http.PostAsync(url, form, cancellationToken).ConfigureAwait(false))
            {
                var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                using (var doc = JsonDocument.Parse(text))
                {
                    var root = doc.RootElement;
                    if (!response.IsSuccessStatusCode || !root.TryGetProperty("access_token", out var token))
                        throw new AuthenticationFailedException($"The emulator's token endpoint refused the sign-in (HTTP {(int)response.StatusCode}): " +
                            (root.TryGetProperty("error_description", out var d) ? d.GetString() : "no description"));
                    var seconds = root.TryGetProperty("expires_in", out var e) && e.TryGetInt64(out var s) ? s : 3600;
                    return new AccessToken(token.GetString(), DateTimeOffset.UtcNow.AddSeconds(seconds));
                }
            }
        }
    }
}
