using System.Globalization;
using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Infrastructure;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>An OAuth2 token endpoint (client credentials) in the Microsoft Entra shape.</summary>
public static class TokenEndpoints
{
    public static void Map(WebApplication app, TokenService tokens, EmulatorSettings settings)
    {
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpContext ctx, string tenant) =>
        {
            if (!ctx.Request.HasFormContentType) return OAuthError("invalid_request", "The request body must be application/x-www-form-urlencoded.");
            var form = await ctx.Request.ReadFormAsync();
            if (form["grant_type"] != "client_credentials") return OAuthError("unsupported_grant_type", "Only client_credentials is supported by the emulator.");
            if (string.IsNullOrEmpty(form["client_id"])) return OAuthError("invalid_client", "client_id is required.");
            if (string.IsNullOrEmpty(form["client_secret"]) && string.IsNullOrEmpty(form["client_assertion"]))
                return OAuthError("invalid_client", "A client secret or assertion is required.");
            string? scope = form["scope"];
            if (string.IsNullOrEmpty(scope)) return OAuthError("invalid_scope", "scope is required.");
            var (token, expires) = tokens.Issue(scope);
            var seconds = Math.Max(0, (long)(expires - settings.Clock.GetUtcNow()).TotalSeconds);
            return Results.Json(new JsonObject
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = seconds,
                ["ext_expires_in"] = seconds,
                ["access_token"] = token,
            });
        });
    }

    static IResult OAuthError(string error, string description) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: 400);
}
