using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>
    /// The exact names (no wildcards) of one name filter, and which of them matched something written.
    /// A name that matched nothing is reported, so a typo is an error instead of silence; a wildcard
    /// that matches nothing stays silent, as PowerShell's own Get-* cmdlets do.
    /// </summary>
    internal sealed class NameMisses
    {
        readonly Dictionary<string, WildcardPattern> exact = new Dictionary<string, WildcardPattern>(StringComparer.OrdinalIgnoreCase);
        readonly HashSet<string> seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public NameMisses(string parameter, IEnumerable<string> names)
        {
            Parameter = parameter;
            foreach (var name in names ?? Enumerable.Empty<string>())
                if (name != null && !Wildcard.HasWildcards(name) && !exact.ContainsKey(name.Trim()))
                    exact.Add(name.Trim(), WildcardPattern.Get(WildcardPattern.Escape(name.Trim()), WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant));
        }

        public string Parameter { get; }

        /// <summary>Records which exact names one written object answers to.</summary>
        public void Saw(params string[] values)
        {
            foreach (var pair in exact)
                if (values.Any(v => v != null && pair.Value.IsMatch(v))) seen.Add(pair.Key);
        }

        /// <summary>The exact names nothing written answered to, in the order given.</summary>
        public IEnumerable<string> Missing => exact.Keys.Where(n => !seen.Contains(n)).ToList();

        /// <summary>One non-terminating ObjectNotFound error per missing name, the name as its target.</summary>
        public void Report(BackupCmdletBase cmdlet, string errorId, Func<string, string> message)
        {
            foreach (var name in Missing)
                cmdlet.WriteError(new NotFoundException(message(name)), errorId, ErrorCategory.ObjectNotFound, name);
        }
    }
}
