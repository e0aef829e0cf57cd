using System.Collections.Generic;
using System.Linq;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>The other filters in effect, said in a not-found message so a user sees why nothing matched.</summary>
    internal static class Scope
    {
        /// <summary>" (with type AzureWorkload, server 'sql-1')" for the filters given, or "" for none.</summary>
        public static string Of(params (string Label, string Value)[] filters)
        {
            var given = filters.Where(f => !string.IsNullOrEmpty(f.Value)).Select(f => $"{f.Label} {f.Value}").ToList();
            return given.Count == 0 ? "" : $" (with {string.Join(", ", given)})";
        }

        public static string List(IReadOnlyCollection<string> values) =>
            values == null || values.Count == 0 ? null : string.Join(" or ", values.Select(v => $"'{v}'"));
    }
}
