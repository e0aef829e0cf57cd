using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace BackupCmdlets.Emulator.Infrastructure;

/// <summary>Issues opaque bearer tokens and checks them on every ARM request.</summary>
public sealed class TokenService(EmulatorSettings settings)
{
    sealed record Issued(string Audience, DateTimeOffset ExpiresOn);

    readonly ConcurrentDictionary<string, Issued> tokens = new();

    public (string Token, DateTimeOffset ExpiresOn) Issue(string audience)
    {
        var token = "emu." + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var expires = settings.Clock.GetUtcNow() + settings.TokenLifetime;
        tokens[token] = new Issued(NormalizeAudience(audience), expires);
        return (token, expires);
    }

    public void Revoke(string token) => tokens.TryRemove(token, out _);

    /// <summary>Null when the token is good for this audience; otherwise why it is not.</summary>
    public string? Check(string? token, string audience)
    {
        if (string.IsNullOrEmpty(token)) return "The authentication failed because of missing 'Authorization' header.";
        if (!tokens.TryGetValue(token, out var issued)) return "The access token is invalid.";
        if (issued.ExpiresOn <= settings.Clock.GetUtcNow()) return "The access token expiry UTC time is earlier than current UTC time.";
        if (!string.Equals(issued.Audience, NormalizeAudience(audience), StringComparison.OrdinalIgnoreCase))
            return $"The access token has been obtained for wrong audience or resource '{issued.Audience}'. It should exactly match with one of the allowed audiences '{NormalizeAudience(audience)}'.";
        return null;
    }

    /// <summary>A scope such as <c>http://127.0.0.1:5599/.default</c> names the audience <c>http://127.0.0.1:5599</c>.</summary>
    public static string NormalizeAudience(string scopeOrAudience)
    {
        var a = scopeOrAudience.Trim();
        if (a.EndsWith("/.default", StringComparison.OrdinalIgnoreCase)) a = a[..^"/.default".Length];
        return a.TrimEnd('/');
    }
}
