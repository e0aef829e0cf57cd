using System.Text.RegularExpressions;

namespace BackupCmdlets.Benchmarks.Harness;

/// <summary>Names each logged request by what it does (a write, a poll, a page of a list, a read of one resource).</summary>
public static partial class RequestKinds
{
    public static bool IsArm(LoggedRequest r) => r.Path.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase);

    /// <summary>Counted against the write bucket, as the emulator itself counts it (every method but GET and HEAD).</summary>
    public static bool IsWrite(LoggedRequest r) =>
        Emulator.Infrastructure.RequestKinds.Of(r.Method, r.Path) == Emulator.Infrastructure.RequestKind.Write;

    public static string Of(LoggedRequest r)
    {
        var path = r.Path.ToLowerInvariant();
        var m = VaultPath().Match(path);
        var rest = m.Success ? m.Groups[1].Value : path;
        if (rest.Contains("/operationresults/") || rest.Contains("/operationsstatus/") || rest.Contains("/backupoperations/") || rest.Contains("/operationstatus/"))
            return "poll an operation (GET)";
        return (r.Method, rest) switch
        {
            ("GET", "") => "read the vault (GET)",
            ("POST", var p) when p.EndsWith("/refreshcontainers") => "refresh containers (POST)",
            ("GET", var p) when p.EndsWith("/protectablecontainers") => "list protectable containers (GET page)",
            ("PUT", var p) when ContainerPath().IsMatch(p) => "register a container (PUT)",
            ("GET", var p) when ContainerPath().IsMatch(p) => "read a container (GET)",
            ("POST", var p) when p.EndsWith("/inquire") => "inquire a container (POST)",
            ("GET", var p) when p.StartsWith("/backuppolicies/") => "read a policy (GET)",
            ("GET", "/backuppolicies") => "list policies (GET page)",
            ("GET", "/backupprotectableitems") => "list protectable items (GET page)",
            ("PUT", var p) when ItemPath().IsMatch(p) => "enable protection (PUT)",
            ("GET", var p) when ItemPath().IsMatch(p) => "read a protected item (GET)",
            ("POST", var p) when p.EndsWith("/backup") => "trigger a backup (POST)",
            ("GET", "/backupprotecteditems") => "list protected items (GET page)",
            ("GET", "/backupjobs") => "list jobs (GET page)",
            ("GET", var p) when p.StartsWith("/backupjobs/") => "read a job (GET)",
            ("GET", "/backupprotectioncontainers") => "list containers (GET page)",
            _ => $"{r.Method} {Ids().Replace(rest, "/{name}")}",
        };
    }

    [GeneratedRegex(@"^/subscriptions/[^/]+/resourcegroups/[^/]+/providers/microsoft\.recoveryservices/vaults/[^/]+(.*)$")]
    private static partial Regex VaultPath();

    [GeneratedRegex(@"^/backupfabrics/[^/]+/protectioncontainers/[^/]+$")]
    private static partial Regex ContainerPath();

    [GeneratedRegex(@"^/backupfabrics/[^/]+/protectioncontainers/[^/]+/protecteditems/[^/]+$")]
    private static partial Regex ItemPath();

    [GeneratedRegex(@"/[^/]*[;0-9][^/]*")]
    private static partial Regex Ids();
}
