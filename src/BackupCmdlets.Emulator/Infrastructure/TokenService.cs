using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace BackupCmdlets.Emulator.Infrastructure;

/// <summary>Issues opaque bearer tokens, to a named subject, and checks them on every ARM request.</summary>
public sealed class TokenService(EmulatorSettings settings)
{
    /// <summary>
    /// A token as issued: for which audience, to whom (<c>sp:{client}</c>, <c>mi:system</c>, <c>mi:{client or resource id}</c>),
    /// until when, and on what proof (<c>secret</c>, <c>assertion</c>, <c>identity-header</c>, <c>metadata</c>).
    /// </summary>
    public sealed record Issued(string Token, string Audience, string Subject, DateTimeOffset ExpiresOn, string Proof);

    readonly ConcurrentDictionary<string, Issued> tokens = new();
    readonly ConcurrentDictionary<string, bool> disabled = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentDictionary<string, bool> revoked = new();

    public (string Token, DateTimeOffset ExpiresOn) Issue(string audience, string subject = "sp:unknown", string proof = "none")
    {
        var token = "emu." + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var expires = settings.Clock.GetUtcNow() + settings.TokenLifetime;
        tokens[token] = new Issued(token, NormalizeAudience(audience), subject, expires, proof);
        return (token, expires);
    }

    /// <summary>Every token issued so far, revoked ones too: tests read who signed in, and look for tokens where none may appear.</summary>
    public IReadOnlyCollection<Issued> All => tokens.Values.OrderBy(t => t.ExpiresOn).ToList();

    public void Revoke(string token) => revoked[token] = true;

    /// <summary>A disabled client gets no more tokens, and the tokens it has stop working, as when an app is disabled in Entra ID.</summary>
    public void Disable(string clientId)
    {
        disabled[clientId] = true;
        foreach (var t in tokens.Values.Where(t => string.Equals(t.Subject, "sp:" + clientId, StringComparison.OrdinalIgnoreCase))) Revoke(t.Token);
    }

    public bool IsDisabled(string clientId) => disabled.ContainsKey(clientId);

    /// <summary>A device-code sign-in waiting for its user.</summary>
    public sealed class DeviceSignIn(string deviceCode, string userCode, string audience)
    {
        public string DeviceCode { get; } = deviceCode;
        public string UserCode { get; } = userCode;
        public string Audience { get; } = audience;
        public bool Approved { get; set; }
        public string User { get; set; } = "admin@contoso.example";
    }

    readonly ConcurrentDictionary<string, DeviceSignIn> deviceCodes = new();

    /// <summary>Approve device codes as soon as they are asked for (the default), or leave them for <see cref="Approve"/>.</summary>
    public bool ApproveDeviceCodesAtOnce { get; set; } = true;

    public DeviceSignIn StartDeviceCode(string audience)
    {
        var code = new DeviceSignIn(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), Convert.ToHexString(RandomNumberGenerator.GetBytes(4)), audience)
        {
            Approved = ApproveDeviceCodesAtOnce,
        };
        deviceCodes[code.DeviceCode] = code;
        return code;
    }

    public DeviceSignIn? FindDeviceCode(string? deviceCode) => deviceCode != null && deviceCodes.TryGetValue(deviceCode, out var c) ? c : null;

    /// <summary>What the user does on the other device: enters the code and signs in.</summary>
    public void Approve(string userCode, string user = "admin@contoso.example")
    {
        foreach (var c in deviceCodes.Values.Where(c => c.UserCode == userCode)) { c.Approved = true; c.User = user; }
    }

    /// <summary>Null when the token is good for this audience; otherwise why it is not.</summary>
    public string? Check(string? token, string audience)
    {
        if (string.IsNullOrEmpty(token)) return "The authentication failed because of missing 'Authorization' header.";
        if (!tokens.TryGetValue(token, out var issued) || revoked.ContainsKey(token)) return "The access token is invalid.";
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
