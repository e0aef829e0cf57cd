namespace BackupCmdlets.Benchmarks.Harness;

/// <summary>
/// The fewest requests the REST contract allows for the README's Quickstart (refresh, register, inquire, protect
/// and back up the databases of one VM), per request kind as <see cref="RequestKinds"/> names them.
/// An operation is its write and its polls at Retry-After until done; a result comes from the final answer
/// where the service gives one (Location's 200 with the resource), else from one GET.
/// </summary>
public static class ProtocolMinimum
{
    public static Dictionary<string, int> Quickstart(int databases, ThrottleModel model)
    {
        var p = model.PollsPerOperation;
        return new()
        {
            ["read the vault (GET)"] = 1,                        // Connect-BackupVault: the vault exists
            ["refresh containers (POST)"] = 1,
            ["list protectable containers (GET page)"] = 1,
            ["register a container (PUT)"] = 1,                  // Location's final 200 carries the container
            ["inquire a container (POST)"] = 1,
            ["read a container (GET)"] = 1,                      // the inquiry ends 204: its outcome is on the container only
            ["read a policy (GET)"] = 1,
            ["list protectable items (GET page)"] = 1,
            ["enable protection (PUT)"] = databases,             // Location's final 200 carries the protected item
            ["trigger a backup (POST)"] = databases,             // Azure-AsyncOperation's status names the job
            ["poll an operation (GET)"] = p * (3 + 2 * databases),
            ["read a job (GET)"] = databases * model.JobReads,   // once named; again if it was running then
        };
    }

    /// <summary>Sent against minimum per kind (kinds of either side), the total ratio.</summary>
    public static (List<(string Kind, int Sent, int Minimum)> Rows, double Ratio) Compare(IEnumerable<LoggedRequest> sent, Dictionary<string, int> minimum)
    {
        var counts = sent.GroupBy(RequestKinds.Of).ToDictionary(g => g.Key, g => g.Count());
        var rows = minimum.Keys.Concat(counts.Keys).Distinct()
            .Select(k => (k, counts.GetValueOrDefault(k), minimum.GetValueOrDefault(k))).ToList();
        return (rows, (double)rows.Sum(r => r.Item2) / rows.Sum(r => r.Item3));
    }
}
