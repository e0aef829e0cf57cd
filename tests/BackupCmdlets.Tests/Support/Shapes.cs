using System.Text.Json;

namespace BackupCmdlets.Tests.Support;

/// <summary>Structural comparison of a response with an official example.</summary>
internal static class Shapes
{
    static readonly string FixtureRoot = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static JsonElement Fixture(string relativePath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureRoot, relativePath)));
        return doc.RootElement.Clone();
    }

    public static JsonElement Example(string relativePath, string status) =>
        Fixture(Path.Combine("spec-examples", relativePath)).GetProperty("responses").GetProperty(status);

    /// <summary>Values that name the kind of thing; where both sides have one, they must agree.</summary>
    static readonly HashSet<string> Discriminators = new(StringComparer.OrdinalIgnoreCase)
    {
        "containerType", "protectableContainerType", "protectedItemType", "protectableItemType", "backupManagementType", "objectType", "type", "parentType", "policyType", "schedulePolicyType", "retentionPolicyType",
    };

    /// <summary>Every property the example has, the actual body has too, with the same kind of value; discriminators agree.</summary>
    public static void AssertConforms(JsonElement example, JsonElement actual, params string[] ignore)
    {
        var problems = new List<string>();
        Walk(example, actual, "$", new HashSet<string>(ignore, StringComparer.OrdinalIgnoreCase), problems);
        Assert.True(problems.Count == 0, "Response differs from the official example:\n" + string.Join("\n", problems) + "\nActual: " + actual.GetRawText());
    }

    static void Walk(JsonElement example, JsonElement actual, string path, HashSet<string> ignore, List<string> problems)
    {
        if (example.ValueKind == JsonValueKind.Null) return; // the example says only that the property exists
        if (Kind(example.ValueKind) != Kind(actual.ValueKind))
        {
            problems.Add($"{path}: example is {example.ValueKind}, actual is {actual.ValueKind}");
            return;
        }
        switch (example.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in example.EnumerateObject())
                {
                    var childPath = path + "." + p.Name;
                    if (ignore.Contains(p.Name) || ignore.Contains(childPath)) continue;
                    var match = actual.EnumerateObject().Where(a => string.Equals(a.Name, p.Name, StringComparison.Ordinal)).ToList();
                    if (match.Count == 0)
                    {
                        problems.Add($"{childPath}: missing");
                        continue;
                    }
                    if (Discriminators.Contains(p.Name) && p.Value.ValueKind == JsonValueKind.String && !string.Equals(p.Value.GetString(), match[0].Value.GetString(), StringComparison.OrdinalIgnoreCase))
                        problems.Add($"{childPath}: example says '{p.Value.GetString()}', actual '{match[0].Value}'");
                    Walk(p.Value, match[0].Value, childPath, ignore, problems);
                }
                break;
            case JsonValueKind.Array:
                if (example.GetArrayLength() > 0 && actual.GetArrayLength() == 0) problems.Add($"{path}: example has items, actual none");
                else if (example.GetArrayLength() > 0) Walk(example[0], actual[0], path + "[0]", ignore, problems);
                break;
        }
    }

    static JsonValueKind Kind(JsonValueKind k) => k == JsonValueKind.False ? JsonValueKind.True : k;

    /// <summary>The poll headers the example has, the response has, with paths of the same shape.</summary>
    public static void AssertHeadersLike(JsonElement exampleHeaders, HttpResponseMessage response)
    {
        foreach (var name in new[] { "Location", "Azure-AsyncOperation", "Retry-After" })
        {
            var inExample = exampleHeaders.TryGetProperty(name, out var exampleValue);
            var actual = response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
            Assert.True(inExample == (actual != null), $"{name}: example {(inExample ? "has" : "lacks")} it, emulator {(actual != null ? "sends" : "omits")} it");
            if (inExample && name != "Retry-After")
                Assert.Equal(PathShape(exampleValue.GetString()!), PathShape(actual!));
        }
    }

    /// <summary>A poll URL's path with names blanked: the fixed words keep their exact spelling.</summary>
    public static string PathShape(string url)
    {
        var uri = new Uri(url);
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            { "subscriptions", "resourceGroups", "vaults", "backupFabrics", "protectionContainers", "protectedItems", "operationResults", "operationsStatus", "backupJobs" };
        for (var i = 1; i < segments.Length; i++)
            if (named.Contains(segments[i - 1]) && !named.Contains(segments[i])) segments[i] = "{}";
        return string.Join("/", segments) + "?" + uri.Query.TrimStart('?');
    }
}
