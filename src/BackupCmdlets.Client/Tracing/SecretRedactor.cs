using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BackupCmdlets.Client.Tracing
{
    /// <summary>
    /// Hides secrets in what -Debug shows. Headers: only names known to be harmless keep their values (an
    /// allowlist, so a header nobody thought of is hidden, not shown). Bodies and query strings: any value
    /// under a name that sounds secret (token, secret, password, assertion, key, signature, ...) and any
    /// JWT-shaped string anywhere.
    /// </summary>
    public static class SecretRedactor
    {
        public const string Hidden = "[redacted]";
        const int MaxBody = 8000;

        static readonly HashSet<string> HarmlessHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Accept", "Accept-Encoding", "Content-Type", "Content-Length", "Content-Encoding", "User-Agent", "Date", "Server",
            "Cache-Control", "Pragma", "Expires", "Vary", "Transfer-Encoding", "Connection", "Strict-Transport-Security", "X-Content-Type-Options",
            "x-ms-request-id", "x-ms-correlation-request-id", "x-ms-client-request-id", "x-ms-return-client-request-id", "traceparent",
            "Retry-After", "retry-after-ms", "x-ms-retry-after-ms", "Location", "Azure-AsyncOperation",
            "x-ms-ratelimit-remaining-subscription-reads", "x-ms-ratelimit-remaining-subscription-writes",
        };

        static readonly Regex SecretName = new Regex("token|secret|password|passwd|assertion|credential|key|signature|^sig$|^code$|cookie|authorization",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        static readonly Regex Jwt = new Regex(@"eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*", RegexOptions.CultureInvariant);

        static readonly Regex FormPair = new Regex(@"(?<=^|&)([^=&]+)=([^&]*)", RegexOptions.CultureInvariant);

        public static string Header(string name, string value) =>
            HarmlessHeaders.Contains(name) ? Jwt.Replace(value ?? "", Hidden) : Hidden;

        public static string Url(Uri url)
        {
            if (string.IsNullOrEmpty(url.Query) || url.Query == "?") return url.ToString();
            var query = FormPair.Replace(url.Query.Substring(1), m => IsSecret(Uri.UnescapeDataString(m.Groups[1].Value)) ? m.Groups[1].Value + "=" + Hidden : m.Value);
            return url.GetLeftPart(UriPartial.Path) + "?" + Jwt.Replace(query, Hidden);
        }

        public static string Body(string body)
        {
            if (string.IsNullOrEmpty(body)) return body;
            string redacted;
            try
            {
                using (var doc = JsonDocument.Parse(body))
                using (var stream = new MemoryStream())
                {
                    using (var writer = new Utf8JsonWriter(stream)) Write(writer, doc.RootElement);
                    redacted = Encoding.UTF8.GetString(stream.ToArray());
                }
            }
            catch (JsonException)
            {
                // Not JSON: a form (client_secret=...&client_assertion=...) or text.
                redacted = body.IndexOf('=') > 0 && body.IndexOf(' ') < 0
                    ? FormPair.Replace(body, m => IsSecret(Uri.UnescapeDataString(m.Groups[1].Value)) ? m.Groups[1].Value + "=" + Hidden : m.Value)
                    : body;
            }
            redacted = Jwt.Replace(redacted, Hidden);
            return redacted.Length <= MaxBody ? redacted : redacted.Substring(0, MaxBody) + $"… ({redacted.Length} characters)";
        }

        static bool IsSecret(string name) => SecretName.IsMatch(name);

        static void Write(Utf8JsonWriter writer, JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    writer.WriteStartObject();
                    foreach (var property in element.EnumerateObject())
                    {
                        writer.WritePropertyName(property.Name);
                        if (IsSecret(property.Name) && property.Value.ValueKind != JsonValueKind.Null) writer.WriteStringValue(Hidden);
                        else Write(writer, property.Value);
                    }
                    writer.WriteEndObject();
                    return;
                case JsonValueKind.Array:
                    writer.WriteStartArray();
                    foreach (var item in element.EnumerateArray()) Write(writer, item);
                    writer.WriteEndArray();
                    return;
                default:
                    element.WriteTo(writer);
                    return;
            }
        }
    }
}
