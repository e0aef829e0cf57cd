using System.Globalization;
using System.Text.Json;

namespace BackupCmdlets.Tests.EmulatorTests;

/// <summary>
/// Checks a response body against the schema bms.json declares for its operation and status: every
/// property must be declared by the resolved definition ($ref, allOf and the discriminators followed),
/// with the declared JSON type, and every required property present. Reads the copied spec
/// (Fixtures/spec/bms.json and the common types it references).
/// </summary>
internal sealed class SpecSchemaValidator
{
    static readonly Lazy<SpecSchemaValidator> Loaded = new(() => new SpecSchemaValidator(
        Load("bms.json"), Load("types.json")));

    public static SpecSchemaValidator Spec => Loaded.Value;

    /// <summary>One operation of bms.json: its method, path template and declared responses.</summary>
    public sealed record SpecOperation(string OperationId, string Method, string PathTemplate, string[] Segments, JsonElement Responses, string[] Examples);

    /// <summary>A schema node and the document its local $refs resolve in; Name is the definition it came from.</summary>
    readonly record struct Schema(JsonElement Node, JsonElement Doc, string? Name);

    readonly JsonElement bms;
    readonly JsonElement types;
    readonly List<SpecOperation> operations = new();

    SpecSchemaValidator(JsonElement bms, JsonElement types)
    {
        this.bms = bms;
        this.types = types;
        foreach (var path in bms.GetProperty("paths").EnumerateObject())
            foreach (var method in path.Value.EnumerateObject())
            {
                if (method.Name == "parameters") continue;
                operations.Add(new SpecOperation(method.Value.GetProperty("operationId").GetString()!, method.Name.ToUpperInvariant(), path.Name,
                    Split(path.Name), method.Value.GetProperty("responses"), Examples(method.Value)));
            }
    }

    static JsonElement Load(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "spec", name)));
        return doc.RootElement.Clone();
    }

    /// <summary>The operation's example files, relative to the examples folder.</summary>
    static string[] Examples(JsonElement operation) =>
        operation.TryGetProperty("x-ms-examples", out var examples)
            ? examples.EnumerateObject().Select(e => e.Value.GetProperty("$ref").GetString()!.Replace("./examples/", "")).ToArray()
            : Array.Empty<string>();

    static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<SpecOperation> Operations => operations;

    /// <summary>The operation a request path belongs to; literal segments beat parameters (backupJobs/operationResults/x is not a job).</summary>
    public SpecOperation? Find(string method, string path)
    {
        var segments = Split(path.Split('?')[0]);
        return operations
            .Where(o => string.Equals(o.Method, method, StringComparison.OrdinalIgnoreCase) && o.Segments.Length == segments.Length)
            .Select(o => (o, score: Score(o.Segments, segments)))
            .Where(x => x.score >= 0)
            .OrderByDescending(x => x.score)
            .Select(x => x.o)
            .FirstOrDefault();
    }

    static int Score(string[] template, string[] actual)
    {
        var literals = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i].StartsWith('{')) continue;
            if (!string.Equals(template[i], actual[i], StringComparison.OrdinalIgnoreCase)) return -1;
            literals++;
        }
        return literals;
    }

    /// <summary>Every way the response breaks the spec; empty when it conforms.</summary>
    public IReadOnlyList<string> CheckResponse(string method, string path, int status, string? body)
    {
        var op = Find(method, path);
        if (op == null) return new[] { $"{method} {path}: no operation of bms.json has this path" };
        var where = $"{op.OperationId} {status}";
        var declared = op.Responses.TryGetProperty(status.ToString(CultureInfo.InvariantCulture), out var r) ? r
            : status >= 400 && op.Responses.TryGetProperty("default", out var d) ? d
            : (JsonElement?)null;
        if (declared is not { } response) return new[] { $"{where}: status {status} is not declared (declared: {string.Join(", ", op.Responses.EnumerateObject().Select(p => p.Name))})" };
        if (!response.TryGetProperty("schema", out var schema))
            return string.IsNullOrWhiteSpace(body) ? Array.Empty<string>() : new[] { $"{where}: the spec declares no body, the response has one: {body}" };
        if (string.IsNullOrWhiteSpace(body)) return new[] { $"{where}: the spec declares a body, the response has none" };
        JsonElement parsed;
        try
        {
            using var doc = JsonDocument.Parse(body);
            parsed = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return new[] { $"{where}: the body is not JSON ({e.Message})" };
        }
        var problems = new List<string>();
        Check(new Schema(schema, bms, null), parsed, $"{where} $", problems);
        return problems;
    }

    /// <summary>
    /// Checks an answer of a route bms.json does not declare but the service's own examples point at
    /// (a container's operationsStatus): a body of <paramref name="definition"/>, or ARM's error body.
    /// </summary>
    public IReadOnlyList<string> CheckAs(string definition, int status, string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return new[] { $"{definition} {status}: no body" };
        using var doc = JsonDocument.Parse(body);
        var problems = new List<string>();
        Check(status >= 400 ? Definition(types, "ErrorResponse") : Definition(bms, definition), doc.RootElement, $"{definition} {status} $", problems);
        return problems;
    }

    /// <summary>Checks a body against a named definition of bms.json.</summary>
    public IReadOnlyList<string> CheckDefinition(string definition, JsonElement body)
    {
        var problems = new List<string>();
        Check(Definition(bms, definition), body, $"{definition} $", problems);
        return problems;
    }

    Schema Definition(JsonElement doc, string name) => new(doc.GetProperty("definitions").GetProperty(name), doc, name);

    Schema Resolve(Schema s)
    {
        while (s.Node.TryGetProperty("$ref", out var r))
        {
            var reference = r.GetString()!;
            var hash = reference.IndexOf('#');
            var doc = hash == 0 ? s.Doc : reference[..hash].EndsWith("types.json", StringComparison.Ordinal) ? types
                : throw new InvalidOperationException($"Unknown document in $ref '{reference}'.");
            const string prefix = "/definitions/";
            var pointer = reference[(hash + 1)..];
            if (!pointer.StartsWith(prefix, StringComparison.Ordinal)) throw new InvalidOperationException($"Unsupported $ref '{reference}'.");
            s = Definition(doc, pointer[prefix.Length..]);
        }
        return s;
    }

    IEnumerable<Schema> Parents(Schema s) =>
        s.Node.TryGetProperty("allOf", out var all) ? all.EnumerateArray().Select(a => Resolve(new Schema(a, s.Doc, null))) : Enumerable.Empty<Schema>();

    /// <summary>The definition and all it inherits by allOf, nearest first.</summary>
    IEnumerable<Schema> Chain(Schema s)
    {
        yield return s;
        foreach (var p in Parents(s))
            foreach (var a in Chain(p))
                yield return a;
    }

    string? Discriminator(Schema s) => Chain(s).Select(c => c.Node.TryGetProperty("discriminator", out var d) ? d.GetString() : null).FirstOrDefault(d => d != null);

    /// <summary>The definition the discriminator value names: the schema itself or one that inherits from it.</summary>
    Schema? Concrete(Schema s, string value)
    {
        foreach (var def in s.Doc.GetProperty("definitions").EnumerateObject())
        {
            var candidate = new Schema(def.Value, s.Doc, def.Name);
            var name = def.Value.TryGetProperty("x-ms-discriminator-value", out var v) ? v.GetString() : def.Name;
            if (name != value) continue;
            if (def.Name == s.Name || Chain(candidate).Skip(1).Any(c => c.Name == s.Name)) return candidate;
        }
        return null;
    }

    void Check(Schema schema, JsonElement value, string at, List<string> problems)
    {
        var s = Resolve(schema);
        // The service and its own examples send null for absent values (workloadType: null); SDKs accept it. A
        // required property that is null still counts as present, as it does for them.
        if (value.ValueKind == JsonValueKind.Null) return;
        if (value.ValueKind == JsonValueKind.Object && s.Name != null && Discriminator(s) is { } disc
            && value.TryGetProperty(disc, out var kind) && kind.ValueKind == JsonValueKind.String)
        {
            if (Concrete(s, kind.GetString()!) is { } concrete) s = concrete;
            else
            {
                problems.Add($"{at}.{disc}: '{kind.GetString()}' names no definition derived from {s.Name}");
                return;
            }
        }
        var type = Chain(s).Select(c => c.Node.TryGetProperty("type", out var t) ? t.GetString() : null).FirstOrDefault(t => t != null)
            ?? (Chain(s).Any(c => c.Node.TryGetProperty("properties", out _)) ? "object" : null);
        switch (type)
        {
            case "object":
                if (value.ValueKind != JsonValueKind.Object) { problems.Add($"{at}: {value.ValueKind} where {Describe(s)} (object) is declared"); return; }
                CheckObject(s, value, at, problems);
                return;
            case "array":
                if (value.ValueKind != JsonValueKind.Array) { problems.Add($"{at}: {value.ValueKind} where an array is declared"); return; }
                var items = new Schema(s.Node.GetProperty("items"), s.Doc, null);
                var i = 0;
                foreach (var item in value.EnumerateArray()) Check(items, item, $"{at}[{i++}]", problems);
                return;
            case "string":
                if (value.ValueKind != JsonValueKind.String) { problems.Add($"{at}: {value.ValueKind} where a string is declared"); return; }
                CheckString(s, value.GetString()!, at, problems);
                return;
            case "integer":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out _)) problems.Add($"{at}: {value.ValueKind} {value} where an integer is declared");
                return;
            case "number":
                if (value.ValueKind != JsonValueKind.Number) problems.Add($"{at}: {value.ValueKind} where a number is declared");
                return;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) problems.Add($"{at}: {value.ValueKind} where a boolean is declared");
                return;
            case null:
                return; // an untyped schema (type: object with no properties is typed) accepts anything
            default:
                problems.Add($"{at}: the validator does not know type '{type}'");
                return;
        }
    }

    void CheckObject(Schema s, JsonElement value, string at, List<string> problems)
    {
        var declared = new Dictionary<string, Schema>(StringComparer.Ordinal);
        var required = new HashSet<string>(StringComparer.Ordinal);
        Schema? additional = null;
        var anyAdditional = false;
        foreach (var c in Chain(s).Reverse())
        {
            if (c.Node.TryGetProperty("properties", out var props))
                foreach (var p in props.EnumerateObject()) declared[p.Name] = new Schema(p.Value, c.Doc, null);
            if (c.Node.TryGetProperty("required", out var req))
                foreach (var r in req.EnumerateArray()) required.Add(r.GetString()!);
            if (c.Node.TryGetProperty("additionalProperties", out var ap))
            {
                if (ap.ValueKind == JsonValueKind.Object) additional = new Schema(ap, c.Doc, null);
                else if (ap.ValueKind == JsonValueKind.True) anyAdditional = true;
            }
        }
        foreach (var p in value.EnumerateObject())
        {
            if (declared.TryGetValue(p.Name, out var ps)) Check(ps, p.Value, $"{at}.{p.Name}", problems);
            else if (additional is { } a) Check(a, p.Value, $"{at}.{p.Name}", problems);
            else if (!anyAdditional) problems.Add($"{at}.{p.Name}: not declared by {Describe(s)}");
        }
        foreach (var r in required)
            if (!value.TryGetProperty(r, out _)) problems.Add($"{at}.{r}: required by {Describe(s)}, missing");
    }

    static void CheckString(Schema s, string text, string at, List<string> problems)
    {
        if (s.Node.TryGetProperty("format", out var f))
        {
            var ok = f.GetString() switch
            {
                "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _),
                "duration" => TryDuration(text),
                "uuid" => Guid.TryParse(text, out _),
                _ => true,
            };
            if (!ok) problems.Add($"{at}: '{text}' is not a {f.GetString()}");
        }
        // A closed enum (no x-ms-enum, or modelAsString false) allows only its values.
        if (s.Node.TryGetProperty("enum", out var values)
            && !(s.Node.TryGetProperty("x-ms-enum", out var xe) && xe.TryGetProperty("modelAsString", out var mas) && mas.ValueKind == JsonValueKind.True)
            && !values.EnumerateArray().Any(v => v.GetString() == text))
            problems.Add($"{at}: '{text}' is not one of {Describe(s)}'s values ({string.Join(", ", values.EnumerateArray())})");
    }

    static bool TryDuration(string text)
    {
        try { System.Xml.XmlConvert.ToTimeSpan(text); return true; }
        catch (FormatException) { return false; }
    }

    static string Describe(Schema s) => s.Name ?? "the inline schema";
}
