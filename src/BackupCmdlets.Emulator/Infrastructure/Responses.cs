using System.Globalization;
using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Emulator.State;

namespace BackupCmdlets.Emulator.Infrastructure;

/// <summary>Async-operation headers and paged lists, shaped as the service sends them.</summary>
public static class Responses
{
    /// <summary>
    /// Poll URLs as the official examples print them: <c>Subscriptions</c> capitalised, the
    /// provider in its canonical case and <c>api-version=2016-12-01</c>, whatever the request used.
    /// </summary>
    public static string PollUrl(HttpContext context, VaultRecord vault, string relative, string kind, string operationId, string apiVersion = "2016-12-01") =>
        $"{context.Request.Scheme}://{context.Request.Host}/Subscriptions/{vault.SubscriptionId}/resourceGroups/{vault.ResourceGroup}" +
        $"/providers/Microsoft.RecoveryServices/vaults/{vault.Name}/{relative}/{kind}/{operationId}?api-version={apiVersion}";

    /// <summary>A 202 with the given poll headers and Retry-After; remembers when the next poll may come.</summary>
    public static IResult Accepted(HttpContext context, EmulatorState state, OperationRecord op, string? location, string? asyncOperation)
    {
        var fault = Fault(context);
        if (fault?.Kind == FaultKind.LocationOnly && location != null) asyncOperation = null;
        if (fault?.Kind == FaultKind.NoRetryAfter) op.OmitRetryAfter = true;
        if (location != null) context.Response.Headers.Location = location;
        if (asyncOperation != null) context.Response.Headers["Azure-AsyncOperation"] = asyncOperation;
        SetRetryAfter(context, state, op);
        return Results.StatusCode(202);
    }

    public static void SetRetryAfter(HttpContext context, EmulatorState state, OperationRecord op)
    {
        if (op.OmitRetryAfter)
        {
            op.NotBefore = state.Now;
            return;
        }
        context.Response.Headers.RetryAfter = state.Settings.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        op.NotBefore = state.Now + TimeSpan.FromSeconds(state.Settings.RetryAfterSeconds);
    }

    /// <summary>The fault rule that struck this request, if any.</summary>
    public static FaultRule? Fault(HttpContext context) => context.Items.TryGetValue(ArmPipeline.FaultItem, out var f) ? f as FaultRule : null;

    /// <summary>The outcome a fault rule plans for the operation this request starts: (status, code, message), or null.</summary>
    public static (string Status, string Code, string Message)? PlannedOutcome(HttpContext context) => Fault(context) switch
    {
        { Kind: FaultKind.OperationFails } r => ("Failed", r.ErrorCode ?? "BMSUserErrorOperationFailed", r.ErrorMessage ?? "The operation failed in the emulator, as the test asked."),
        { Kind: FaultKind.OperationCanceled } r => ("Canceled", r.ErrorCode ?? "OperationCanceled", r.ErrorMessage ?? "The operation was canceled."),
        _ => null,
    };

    /// <summary>Records on the request log which operation this poll is for and the earliest time it was allowed.</summary>
    public static void NotePoll(HttpContext context, OperationRecord op)
    {
        context.Items[ArmPipeline.OperationItem] = op.Id;
        context.Items[ArmPipeline.NotBeforeItem] = op.NotBefore;
    }

    /// <summary>
    /// One page of the list <paramref name="list"/> builds, with a nextLink carrying <c>$skipToken</c> when more remain.
    /// The list is built once, on its first page (see <see cref="Pager"/>): it should be lazy and walk a snapshot of the records.
    /// </summary>
    public static IResult Page(HttpContext context, EmulatorState state, Func<IEnumerable<JsonNode>> list)
    {
        string? token = context.Request.Query.TryGetValue("$skipToken", out var value) ? value.ToString() : null;
        var page = state.Pages.Page(token, Math.Max(1, state.Settings.PageSize), list);
        if (page is not var (items, next)) return ArmErrors.InvalidInput($"The skip token '{token}' is not valid.");
        var body = new JsonObject { ["value"] = new JsonArray(items.ToArray()) };
        if (next != null) body["nextLink"] = NextLink(context, next);
        return Results.Json(body);
    }

    /// <summary>One page of <paramref name="items"/>, rendered in full on the first page (for short lists).</summary>
    public static IResult Page(HttpContext context, EmulatorState state, IEnumerable<JsonNode> items) => Page(context, state, () => items.ToList());

    static string NextLink(HttpContext context, string skipToken)
    {
        var query = context.Request.Query
            .Where(q => !string.Equals(q.Key, "$skipToken", StringComparison.OrdinalIgnoreCase))
            .Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value.ToString()))
            .Append("$skipToken=" + Uri.EscapeDataString(skipToken));
        return $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase.ToUriComponent()}{context.Request.Path.ToUriComponent()}?{string.Join("&", query)}";
    }
}
