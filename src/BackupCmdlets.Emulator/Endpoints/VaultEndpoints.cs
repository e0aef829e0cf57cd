using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Emulator.State;
using static BackupCmdlets.Emulator.Endpoints.VaultScope;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>The vault itself, its backup policies and its backup jobs.</summary>
public static class VaultEndpoints
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet(Prefix, (string subscriptionId, string resourceGroupName, string vaultName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v => Results.Json(Render.Vault(v))));

        app.MapGet(Prefix + "/backupPolicies", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                var filter = Filter(ctx, out var error);
                if (filter == null) return error!;
                var policies = v.Policies.Values
                    .Where(p => ODataFilter.Matches(filter, "backupManagementType", p.BackupManagementType))
                    .Select(p => (JsonNode)Render.Policy(v, p));
                return Responses.Page(ctx, state, policies);
            }));

        app.MapGet(Prefix + "/backupPolicies/{policyName}", (string subscriptionId, string resourceGroupName, string vaultName, string policyName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
                v.Policies.TryGetValue(policyName, out var p)
                    ? Results.Json(Render.Policy(v, p))
                    : ArmErrors.Result(404, "BMSUserErrorPolicyNotFound", $"Policy '{policyName}' was not found in vault '{v.Name}'.", "List the vault's policies to see the names it has.")));

        app.MapGet(Prefix + "/backupJobs", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                var filter = Filter(ctx, out var error);
                if (filter == null) return error!;
                if (!JobTime(filter, "startTime", out var from) || !JobTime(filter, "endTime", out var to))
                    return ArmErrors.InvalidInput("startTime and endTime must be of the form 'yyyy-MM-dd hh:mm:ss AM'.", "For example: startTime eq '2025-01-01 00:00:00 AM' and endTime eq '2025-01-02 00:00:00 AM'.");
                // Filtered and ordered once, on the first page; each page renders only its own jobs.
                return Responses.Page(ctx, state, () => v.Jobs.Values
                    .Where(j => ODataFilter.Matches(filter, "status", j.Status)
                             && ODataFilter.Matches(filter, "operation", j.Operation)
                             && ODataFilter.Matches(filter, "backupManagementType", j.BackupManagementType)
                             && (from == null || j.StartTime >= from) && (to == null || j.StartTime <= to))
                    .OrderByDescending(j => j.StartTime)
                    .ToArray()
                    .Select(j => (JsonNode)Render.Job(v, j, state.Now)));
            }));

        app.MapPost(Prefix + "/backupJobs/{jobName}/cancel", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string jobName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                if (!v.Jobs.TryGetValue(jobName, out var job))
                    return ArmErrors.Result(404, "BMSUserErrorJobNotFound", $"Job '{jobName}' was not found in vault '{v.Name}'.");
                if (job.Status == "Cancelling" && v.Operations.Values.FirstOrDefault(o => !o.Done && o.Kind == OperationKind.CancelJob && o.VaultJobId == job.Id) is { } running)
                    return Responses.Accepted(ctx, state, running, CancelUrl(ctx, v, job, running), null);
                if (job.Status != "InProgress")
                    return ArmErrors.InvalidInput($"Job '{jobName}' is {job.Status}; only a job in progress can be cancelled.", "List jobs with status InProgress to find one to cancel.");
                job.Status = "Cancelling";
                var op = state.StartOperation(v, OperationKind.CancelJob, plannedOutcome: Responses.PlannedOutcome(ctx), jobId: job.Id);
                // Cancel answers with Location only, with the api-version of the official example.
                return Responses.Accepted(ctx, state, op, CancelUrl(ctx, v, job, op), null);
            }));

        app.MapGet(Prefix + "/backupJobs/{jobName}/operationResults/{operationId}", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string jobName, string operationId) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
                OperationEndpoints.Result(ctx, state, v, operationId, $"backupJobs/{jobName}", OperationKind.CancelJob)));

        app.MapGet(Prefix + "/backupJobs/{jobName}", (string subscriptionId, string resourceGroupName, string vaultName, string jobName) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
                v.Jobs.TryGetValue(jobName, out var j)
                    ? Results.Json(Render.Job(v, j, state.Now))
                    : ArmErrors.Result(404, "BMSUserErrorJobNotFound", $"Job '{jobName}' was not found in vault '{v.Name}'.")));
    }

    /// <summary>As the official TriggerCancelJob example prints it: lower-case subscriptions, api-version 2017-07-01.</summary>
    internal static string CancelUrl(HttpContext ctx, VaultRecord v, string jobId, string operationId) =>
        Responses.PollUrl(ctx, v, $"backupJobs/{jobId}", "operationResults", operationId, "2017-07-01").Replace("/Subscriptions/", "/subscriptions/");

    static string CancelUrl(HttpContext ctx, VaultRecord v, JobRecord job, OperationRecord op) => CancelUrl(ctx, v, job.Id, op.Id);

    /// <summary>The job filter's times, in the format of the spec's ListJobsWithStartTimeAndEndTimeFilters example (UTC).</summary>
    internal static bool JobTime(Dictionary<string, string> filter, string key, out DateTimeOffset? value)
    {
        value = null;
        if (!filter.TryGetValue(key, out var text)) return true;
        if (!DateTime.TryParseExact(text, new[] { "yyyy-MM-dd hh:mm:ss tt", "yyyy-MM-dd HH:mm:ss" }, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var t)) return false;
        value = new DateTimeOffset(t, TimeSpan.Zero);
        return true;
    }
}
