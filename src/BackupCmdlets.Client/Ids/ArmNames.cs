using System;
using System.Text.RegularExpressions;

namespace BackupCmdlets.Client.Ids
{
    /// <summary>
    /// ARM's rules for each kind of name a request path holds, checked before anything is sent.
    /// Resource group: common-types ResourceGroupNameParameter (1-90 of letters, digits, _ - . ( ),
    /// not ending in a period). Vault: bms.json's vaultName (2-50, a letter first, letters, digits and
    /// hyphens, not ending in a hyphen). Subscription and job: GUIDs. The spec sets no bound on
    /// policy, fabric, container, item and recovery point names: 1-1024 characters, no control
    /// characters, none of / \ ? # (ARM cannot route them), and not "." or ".." (a path would drop them).
    /// </summary>
    public static class ArmNames
    {
        public const int FreeNameMaxLength = 1024;

        static readonly Regex ResourceGroupPattern = new Regex(@"^[-\w._()]{1,90}$", RegexOptions.CultureInvariant);
        static readonly Regex VaultPattern = new Regex(@"^[A-Za-z][-A-Za-z0-9]{0,48}[A-Za-z0-9]$", RegexOptions.CultureInvariant);

        /// <summary>The rule for a kind, as a user reads it in an error.</summary>
        public static string RuleOf(ArmNameKind kind)
        {
            switch (kind)
            {
                case ArmNameKind.SubscriptionId: return "a subscription id is a GUID such as 00000000-0000-0000-0000-000000000000";
                case ArmNameKind.Job: return "a job id is a GUID such as 00000000-0000-0000-0000-000000000000";
                case ArmNameKind.ResourceGroup: return "a resource group name has 1-90 letters, digits, underscores, hyphens, periods and parentheses, and does not end in a period";
                case ArmNameKind.Vault: return "a vault name has 2-50 letters, digits and hyphens, starts with a letter and ends with a letter or digit";
                default: return $"a {Noun(kind)} name has 1-{FreeNameMaxLength} characters, no control characters, none of / \\ ? #, and is not '.' or '..'";
            }
        }

        /// <summary>What is wrong with <paramref name="value"/> as a name of this kind, or null when it is valid.</summary>
        public static string Problem(ArmNameKind kind, string value)
        {
            if (value == null || value.Length == 0) return "must not be empty";
            switch (kind)
            {
                case ArmNameKind.SubscriptionId:
                case ArmNameKind.Job:
                    return Guid.TryParseExact(value, "D", out _) ? null : "is not valid: " + RuleOf(kind);
                case ArmNameKind.ResourceGroup:
                    return ResourceGroupPattern.IsMatch(value) && !value.EndsWith(".", StringComparison.Ordinal) ? null : "is not valid: " + RuleOf(kind);
                case ArmNameKind.Vault:
                    return VaultPattern.IsMatch(value) ? null : "is not valid: " + RuleOf(kind);
                default:
                    if (value.Length > FreeNameMaxLength || value.Trim().Length == 0 || value == "." || value == ".." ||
                        value.IndexOfAny(new[] { '/', '\\', '?', '#' }) >= 0 || HasControl(value))
                        return "is not valid: " + RuleOf(kind);
                    return null;
            }
        }

        /// <summary><paramref name="value"/> when it is a valid name of this kind; otherwise an <see cref="ArgumentException"/> naming <paramref name="parameter"/> and the rule.</summary>
        public static string Check(ArmNameKind kind, string value, string parameter)
        {
            var problem = Problem(kind, value);
            if (problem == null) return value;
            var shown = string.IsNullOrEmpty(value) ? "" : " " + Shown(value);
            throw new ArgumentException($"{parameter}{shown} {problem}.", parameter.TrimStart('-'));
        }

        /// <summary>A value as an error shows it: quoted, cut short when long, control characters made visible.</summary>
        public static string Shown(string value)
        {
            const int keep = 60;
            var head = value.Length > keep ? value.Substring(0, keep) : value;
            head = Regex.Replace(head, @"\p{Cc}", m => $"\\u{(int)m.Value[0]:x4}");
            return value.Length > keep ? $"'{head}...' ({value.Length} characters)" : $"'{head}'";
        }

        static bool HasControl(string value)
        {
            foreach (var c in value) if (char.IsControl(c)) return true;
            return false;
        }

        static string Noun(ArmNameKind kind)
        {
            switch (kind)
            {
                case ArmNameKind.ProtectedItem: return "protected item";
                case ArmNameKind.RecoveryPoint: return "recovery point";
                case ArmNameKind.ProtectionIntent: return "protection intent";
                default: return kind.ToString().ToLowerInvariant();
            }
        }
    }
}
