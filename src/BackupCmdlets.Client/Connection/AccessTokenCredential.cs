using System;
using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;

namespace BackupCmdlets.Client.Connection
{
    /// <summary>
    /// A token the caller already has. It cannot be renewed, so when it expires (by its own <c>exp</c>
    /// claim, or when the service refuses it) the error says so and what to do, instead of failing later
    /// and less clearly.
    /// </summary>
    internal sealed class AccessTokenCredential : TokenCredential
    {
        readonly SecureString token;

        public AccessTokenCredential(SecureString token)
        {
            if (token == null || token.Length == 0) throw new ArgumentException("The access token is empty.", nameof(token));
            this.token = token.Copy();
            this.token.MakeReadOnly();
            ExpiresOn = ExpiryOf(Secrets.Reveal(this.token));
        }

        /// <summary>When the token expires, from its <c>exp</c> claim; null when it is not a JWT (it is then trusted until refused).</summary>
        public DateTimeOffset? ExpiresOn { get; }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            if (ExpiresOn is DateTimeOffset expiry && expiry <= DateTimeOffset.UtcNow)
                throw Expired(expiry);
            // Unknown expiry: an hour, so the cache asks again now and then and a refused token is noticed.
            return new AccessToken(Secrets.Reveal(token), ExpiresOn ?? DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new ValueTask<AccessToken>(GetToken(requestContext, cancellationToken));

        /// <summary>A given token cannot be renewed: refreshing it yields the same one.</summary>
        public static bool CannotRenew(TokenCredential credential) => credential is AccessTokenCredential;

        internal static BackupAuthenticationException Expired(DateTimeOffset expiry) => new BackupAuthenticationException(
            $"The access token given to Connect-BackupVault expired at {expiry.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}. " +
            "Get a new one (for example with Get-AzAccessToken) and connect again, or connect with a credential that renews itself.");

        /// <summary>The <c>exp</c> claim of a JWT, read without validating it (the service validates).</summary>
        static DateTimeOffset? ExpiryOf(string jwt)
        {
            var parts = jwt.Split('.');
            if (parts.Length != 3) return null;
            try
            {
                var payload = parts[1].Replace('-', '+').Replace('_', '/');
                payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
                using (var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))))
                    return doc.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                        ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                        : (DateTimeOffset?)null;
            }
            catch (FormatException) { return null; }
            catch (JsonException) { return null; }
        }
    }
}
