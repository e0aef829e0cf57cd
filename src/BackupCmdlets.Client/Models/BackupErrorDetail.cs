using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Client.Models
{
    /// <summary>An error as the service reports it: code, message and what to do about it.</summary>
    public sealed class BackupErrorDetail
    {
        public BackupErrorDetail(string code, string message, IReadOnlyList<string> recommendations = null)
        {
            Code = code;
            Message = message;
            Recommendations = (recommendations ?? new string[0]).Where(r => !string.IsNullOrWhiteSpace(r)).ToArray();
        }

        public string Code { get; }
        public string Message { get; }
        public IReadOnlyList<string> Recommendations { get; }

        internal static BackupErrorDetail From(JsonElement? e)
        {
            if (e == null || e.Value.ValueKind != JsonValueKind.Object) return null;
            var recommendations = e.Strings("recommendations");
            // Some errors carry their recommendations on the first detail rather than the top.
            if (recommendations.Count == 0 && e.Prop("details") is JsonElement d && d.ValueKind == JsonValueKind.Array && d.GetArrayLength() > 0)
                recommendations = ((JsonElement?)d[0]).Strings("recommendations");
            var code = e.Str("code") ?? e.Str("errorCode");
            var message = e.Str("message") ?? e.Str("errorString") ?? e.Str("errorMessage");
            return code == null && message == null ? null : new BackupErrorDetail(code, message, recommendations);
        }

        public override string ToString() => string.IsNullOrEmpty(Code) ? Message : $"{Code}: {Message}";
    }
}
