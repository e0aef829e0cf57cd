using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Emulator.State;
using static BackupCmdlets.Emulator.Endpoints.VaultScope;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>
/// The vault-level views of any operation the vault runs: backupOperations/{id} (BackupOperationStatuses_Get)
/// and backupOperationResults/{id} (BackupOperationResults_Get), as the spec's ProtectedItem_Delete
/// examples answer them.
/// </summary>
public static class VaultOperationEndpoints
{
    static readonly OperationKind[] AnyKind = Enum.GetValues<OperationKind>();

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet(Prefix + "/backupOperations/{operationId}", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string operationId) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v => OperationEndpoints.Status(ctx, state, v, operationId, AnyKind)));

        app.MapGet(Prefix + "/backupOperationResults/{operationId}", (HttpContext ctx, string subscriptionId, string resourceGroupName, string vaultName, string operationId) =>
            Run(state, subscriptionId, resourceGroupName, vaultName, v =>
            {
                if (!v.Operations.TryGetValue(operationId, out var op))
                    return ArmErrors.Result(404, "BMSUserErrorOperationNotFound", $"Operation '{operationId}' was not found.");
                Responses.NotePoll(ctx, op);
                if (!op.Done)
                {
                    // The example's 202 points at both vault-level URLs.
                    ctx.Response.Headers.Location = Responses.PollUrl(ctx, v, "", "backupOperationResults", op.Id).Replace("//backupOperationResults", "/backupOperationResults");
                    ctx.Response.Headers["Azure-AsyncOperation"] = Responses.PollUrl(ctx, v, "", "backupOperations", op.Id).Replace("//backupOperations", "/backupOperations");
                    Responses.SetRetryAfter(ctx, state, op);
                    return Results.StatusCode(202);
                }
                if (op.Status != "Succeeded")
                    return ArmErrors.Result(op.Status == "Canceled" ? 409 : 400, op.ErrorCode ?? "OperationFailed", op.ErrorMessage ?? $"The operation ended {op.Status}.");
                // The spec declares no body for this result: whatever the operation made is read from its own URL.
                return Results.NoContent();
            }));
    }
}
