using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Emulator.State;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>The two ways to track an operation: operationResults (Location) and operationsStatus (Azure-AsyncOperation).</summary>
public static class OperationEndpoints
{
    static OperationRecord? Find(VaultRecord v, string operationId, OperationKind[] kinds) =>
        v.Operations.TryGetValue(operationId, out var op) && kinds.Contains(op.Kind) ? op : null;

    static IResult NotFound(string operationId) =>
        ArmErrors.Result(404, "BMSUserErrorOperationNotFound", $"Operation '{operationId}' was not found.");

    /// <summary>Location: 202 while running, then 200 with the resource or 204; a failure answers with its error.</summary>
    public static IResult Result(HttpContext ctx, EmulatorState state, VaultRecord v, string operationId, string relative, params OperationKind[] kinds)
    {
        var op = Find(v, operationId, kinds);
        if (op == null) return NotFound(operationId);
        Responses.NotePoll(ctx, op);
        if (!op.Done)
        {
            ctx.Response.Headers.Location = op.Kind == OperationKind.CancelJob
                ? VaultEndpoints.CancelUrl(ctx, v, op.VaultJobId!, op.Id)
                : Responses.PollUrl(ctx, v, relative, "operationResults", op.Id);
            Responses.SetRetryAfter(ctx, state, op);
            return Results.StatusCode(202);
        }
        if (op.Status != "Succeeded")
            return ArmErrors.Result(op.Status == "Canceled" ? 409 : 400, op.ErrorCode ?? "OperationFailed", op.ErrorMessage ?? $"The operation ended {op.Status}.");
        return op.Kind switch
        {
            OperationKind.Register => Results.Json(Render.Container(v, v.Containers[op.ContainerName!])),
            OperationKind.EnableProtection when v.ProtectedItems.TryGetValue(VaultRecord.ItemKey(op.ContainerName!, op.ItemName!), out var item)
                => Results.Json(Render.ProtectedItem(v, item)),
            _ => Results.NoContent(),
        };
    }

    /// <summary>Azure-AsyncOperation: 200 with the status body; Retry-After while in progress.</summary>
    public static IResult Status(HttpContext ctx, EmulatorState state, VaultRecord v, string operationId, params OperationKind[] kinds)
    {
        var op = Find(v, operationId, kinds);
        if (op == null) return NotFound(operationId);
        Responses.NotePoll(ctx, op);
        if (!op.Done) Responses.SetRetryAfter(ctx, state, op);
        return Results.Json(Render.OperationStatus(op));
    }
}
