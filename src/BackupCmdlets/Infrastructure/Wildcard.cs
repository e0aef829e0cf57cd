using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>PowerShell wildcards (*, ?, [a-z]), case-insensitive. Ours, because the stand-in assembly's WildcardPattern does nothing.</summary>
    internal sealed class Wildcard
    {
        readonly Regex regex;

        public Wildcard(string pattern)
        {
            Pattern = pattern;
            var sb = new StringBuilder("^");
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                switch (c)
                {
                    case '*': sb.Append(".*"); break;
                    case '?': sb.Append('.'); break;
                    case '`' when i + 1 < pattern.Length: sb.Append(Regex.Escape(pattern[++i].ToString())); break;
                    case '[':
                        var end = pattern.IndexOf(']', i + 1);
                        if (end > i + 1) { sb.Append('[').Append(pattern.Substring(i + 1, end - i - 1).Replace("\\", "\\\\")).Append(']'); i = end; }
                        else sb.Append("\\[");
                        break;
                    default: sb.Append(Regex.Escape(c.ToString())); break;
                }
            }
            regex = new Regex(sb.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        public string Pattern { get; }

        public bool IsMatch(string value) => value != null && regex.IsMatch(value);

        public static bool HasWildcards(string pattern) => pattern != null && pattern.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

        /// <summary>True when no patterns were given, or any pattern matches any of the values.</summary>
        public static bool AnyMatch(IReadOnlyCollection<string> patterns, params string[] values) =>
            patterns == null || patterns.Count == 0 || patterns.Any(p => values.Any(new Wildcard(p).IsMatch));
    }
}
