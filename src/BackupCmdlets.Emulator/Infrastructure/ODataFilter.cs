using System.Text.RegularExpressions;

namespace BackupCmdlets.Emulator.Infrastructure;

/// <summary>The small OData subset the service accepts: <c>name eq 'value' and ...</c>, any case.</summary>
public static partial class ODataFilter
{
    [GeneratedRegex(@"^\s*(\w+)\s+eq\s+'([^']*)'\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Clause();

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex And();

    /// <summary>Parses the filter; returns null when it is not of the accepted form.</summary>
    public static Dictionary<string, string>? Parse(string? filter)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(filter)) return result;
        foreach (var part in And().Split(filter))
        {
            var m = Clause().Match(part);
            if (!m.Success) return null;
            result[m.Groups[1].Value] = m.Groups[2].Value;
        }
        return result;
    }

    public static bool Matches(Dictionary<string, string> filter, string key, string? value) =>
        !filter.TryGetValue(key, out var wanted) || string.Equals(wanted, value, StringComparison.OrdinalIgnoreCase);
}
