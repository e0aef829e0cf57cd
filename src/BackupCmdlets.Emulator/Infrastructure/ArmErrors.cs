using System.Text.Json.Nodes;

namespace BackupCmdlets.Emulator.Infrastructure;

/// <summary>Error responses in the ARM shape: {"error": {code, message, recommendations?}}.</summary>
public static class ArmErrors
{
    public static IResult Result(int status, string code, string message, params string[] recommendations)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (recommendations.Length > 0)
            error["recommendations"] = new JsonArray(recommendations.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray());
        return Results.Json(new JsonObject { ["error"] = error }, statusCode: status);
    }

    public static Task Write(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };
        return context.Response.WriteAsync(body.ToJsonString());
    }

    public static IResult VaultNotFound(string rg, string vault) =>
        Result(404, "ResourceNotFound", $"The Resource 'Microsoft.RecoveryServices/vaults/{vault}' under resource group '{rg}' was not found.");

    public static IResult ContainerNotFound(string container) =>
        Result(404, "BMSUserErrorContainerObjectNotFound", $"Container '{container}' was not found in the vault.",
            "Check the container name; list protectable containers after a refresh to find it.");

    public static IResult ItemNotFound(string item) =>
        Result(404, "BMSUserErrorItemNotFound", $"Item '{item}' was not found.",
            "Check the item name; inquire the container and list protectable items to find it.");

    public static IResult InvalidInput(string message, params string[] recommendations) =>
        Result(400, "BMSUserErrorInvalidInput", message, recommendations);

    public static IResult Conflict(string code, string message, params string[] recommendations) =>
        Result(409, code, message, recommendations);
}
