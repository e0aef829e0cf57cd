using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace BackupCmdlets.Client.Http
{
    /// <summary>Tolerant reads of service JSON: names match in any case, missing or mistyped values read as null.</summary>
    internal static class Json
    {
        public static JsonElement? Prop(this JsonElement e, string name)
        {
            if (e.ValueKind != JsonValueKind.Object) return null;
            if (e.TryGetProperty(name, out var exact)) return exact;
            foreach (var p in e.EnumerateObject())
                if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p.Value;
            return null;
        }

        public static JsonElement? Prop(this JsonElement? e, string name) => e.HasValue ? e.Value.Prop(name) : null;

        public static string Str(this JsonElement? e, string name)
        {
            var v = e.Prop(name);
            if (v == null) return null;
            switch (v.Value.ValueKind)
            {
                case JsonValueKind.String: return v.Value.GetString();
                case JsonValueKind.Number:
                case JsonValueKind.True:
                case JsonValueKind.False: return v.Value.GetRawText();
                default: return null;
            }
        }

        public static string Str(this JsonElement e, string name) => ((JsonElement?)e).Str(name);

        public static long? Long(this JsonElement? e, string name)
        {
            var v = e.Prop(name);
            if (v == null) return null;
            if (v.Value.ValueKind == JsonValueKind.Number && v.Value.TryGetInt64(out var n)) return n;
            if (v.Value.ValueKind == JsonValueKind.String && long.TryParse(v.Value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n)) return n;
            return null;
        }

        public static bool? Bool(this JsonElement? e, string name)
        {
            var v = e.Prop(name);
            if (v == null) return null;
            if (v.Value.ValueKind == JsonValueKind.True) return true;
            if (v.Value.ValueKind == JsonValueKind.False) return false;
            return bool.TryParse(v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString() : null, out var b) ? b : (bool?)null;
        }

        public static DateTimeOffset? Time(this JsonElement? e, string name)
        {
            var s = e.Str(name);
            return s != null && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : (DateTimeOffset?)null;
        }

        public static IReadOnlyList<string> Strings(this JsonElement? e, string name)
        {
            var v = e.Prop(name);
            if (v == null || v.Value.ValueKind != JsonValueKind.Array) return Array.Empty<string>();
            return v.Value.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()).ToArray();
        }
    }
}
