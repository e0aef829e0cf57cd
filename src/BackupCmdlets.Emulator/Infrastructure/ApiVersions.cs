namespace BackupCmdlets.Emulator.Infrastructure;

/// <summary>The stable api-versions of Microsoft.RecoveryServices backup (spec VERSIONS.txt).</summary>
public static class ApiVersions
{
    public static readonly IReadOnlyList<string> Stable = new[]
    {
        "2016-06-01", "2016-08-10", "2016-12-01", "2017-07-01", "2018-12-20", "2019-05-13", "2019-06-15",
        "2020-02-02", "2020-07-01", "2020-10-01", "2020-12-01", "2021-01-01", "2021-02-01", "2021-02-10",
        "2021-03-01", "2021-04-01", "2021-06-01", "2021-07-01", "2021-08-01", "2021-10-01", "2021-11-15",
        "2021-12-01", "2022-01-01", "2022-02-01", "2022-03-01", "2022-04-01", "2022-10-01", "2023-01-01",
        "2023-01-15", "2023-02-01", "2023-04-01", "2023-06-01", "2023-08-01", "2024-01-01", "2024-02-01",
        "2024-04-01", "2024-10-01", "2025-01-01", "2025-02-01", "2025-08-01",
    };

    static readonly HashSet<string> Set = new(Stable, StringComparer.OrdinalIgnoreCase);

    /// <summary>The preview version the service itself writes into register's Azure-AsyncOperation URL.</summary>
    public const string RegisterStatusVersion = "2019-05-13-preview";

    public static bool IsSupported(string version) => Set.Contains(version);

    /// <summary>Poll URLs must work with whatever version the service put in them.</summary>
    public static bool IsSupportedFor(string version, PathString path) =>
        IsSupported(version) ||
        (string.Equals(version, RegisterStatusVersion, StringComparison.OrdinalIgnoreCase) && path.Value!.Contains("/operationsStatus/", StringComparison.OrdinalIgnoreCase));
}
