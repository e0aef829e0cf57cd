using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>Name filters with PowerShell's own wildcards (*, ?, [a-z]), case-insensitive.</summary>
    internal static class Wildcard
    {
        public static bool HasWildcards(string pattern) => pattern != null && WildcardPattern.ContainsWildcardCharacters(pattern);

        /// <summary>True when no patterns were given, or any pattern matches any of the values.</summary>
        public static bool AnyMatch(IReadOnlyCollection<string> patterns, params string[] values)
        {
            if (patterns == null || patterns.Count == 0) return true;
            var compiled = patterns.Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToList();
            return compiled.Any(p => values.Any(v => v != null && p.IsMatch(v)));
        }
    }
}
