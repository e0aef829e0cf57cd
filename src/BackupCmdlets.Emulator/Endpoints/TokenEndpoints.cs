using System.Globalization;
using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Infrastructure;

namespace BackupCmdlets.Emulator.Endpoints;

/// <summary>
/// Where tokens come from: an OAuth2 token endpoint in the Microsoft Entra shape (client credentials,
/// with a secret or a certificate's signed assertion), and a managed-identity endpoint in the two shapes
/// Azure.Identity speaks: the Azure Automation / App Service protocol (IDENTITY_ENDPOINT with
/// X-IDENTITY-HEADER) and the VM instance metadata service (IMDS).
/// </summary>
public static class TokenEndpoints
{
    public const string ManagedIdentityPath = "/msi/token";
    public const string ImdsPath = "/metadata/identity/oauth2/token";

    public static void Map(WebApplication app, TokenService tokens, EmulatorSettings settings)
    {
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpContext ctx, string tenant) =>
        {
            if (!ctx.Request.HasFormContentType) return OAuthError("invalid_request", "The request body must be application/x-www-form-urlencoded.");
            var form = await ctx.Request.ReadFormAsync();
            if (form["grant_type"] == DeviceCodeGrant || form["grant_type"] == "device_code") return DeviceCodeToken(form, tenant, tokens, settings); // MSAL sends the short form
            if (form["grant_type"] != "client_credentials") return OAuthError("unsupported_grant_type", "Only client_credentials and device_code are supported by the emulator.");
            string? client = form["client_id"];
            if (string.IsNullOrEmpty(client)) return OAuthError("invalid_client", "client_id is required.");
            if (string.IsNullOrEmpty(form["client_secret"]) && string.IsNullOrEmpty(form["client_assertion"]))
                return OAuthError("invalid_client", "A client secret or assertion is required.");
            if (tokens.IsDisabled(client)) return OAuthError("unauthorized_client", $"AADSTS7000112: Application '{client}' is disabled.", 401);
            string? scope = form["scope"];
            if (string.IsNullOrEmpty(scope)) return OAuthError("invalid_scope", "scope is required.");
            var proof = !string.IsNullOrEmpty(form["client_assertion"]) && form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" ? "assertion" : "secret";
            var (token, expires) = tokens.Issue(scope, "sp:" + client, proof);
            var seconds = Math.Max(0, (long)(expires - settings.Clock.GetUtcNow()).TotalSeconds);
            return Results.Json(new JsonObject
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = seconds,
                ["ext_expires_in"] = seconds,
                ["access_token"] = token,
            });
        });

        // Device code sign-in: the code is approved by the test (or at once, by default), as a user would on another device.
        app.MapPost("/{tenant}/oauth2/v2.0/devicecode", async (HttpContext ctx, string tenant) =>
        {
            if (!ctx.Request.HasFormContentType) return OAuthError("invalid_request", "The request body must be application/x-www-form-urlencoded.");
            var form = await ctx.Request.ReadFormAsync();
            string? client = form["client_id"];
            if (string.IsNullOrEmpty(client)) return OAuthError("invalid_client", "client_id is required.");
            string? scope = form["scope"];
            var audience = scope?.Split(' ').FirstOrDefault(s => s.EndsWith("/.default", StringComparison.OrdinalIgnoreCase));
            if (audience == null) return OAuthError("invalid_scope", "A resource scope ending in /.default is required.");
            var code = tokens.StartDeviceCode(audience);
            var verification = $"{ctx.Request.Scheme}://{ctx.Request.Host}/devicelogin";
            return Results.Json(new JsonObject
            {
                ["user_code"] = code.UserCode,
                ["device_code"] = code.DeviceCode,
                ["verification_uri"] = verification,
                ["expires_in"] = 900,
                ["interval"] = 1,
                ["message"] = $"To sign in, use a web browser to open the page {verification} and enter the code {code.UserCode} to authenticate.",
            });
        });

        // Azure Automation and App Service: GET {IDENTITY_ENDPOINT}?resource=...&api-version=2019-08-01[&client_id=|&mi_res_id=].
        app.MapGet(ManagedIdentityPath, (HttpContext ctx) =>
        {
            if (ctx.Request.Headers["X-IDENTITY-HEADER"] != settings.IdentityHeader)
                return OAuthError("invalid_request", "The X-IDENTITY-HEADER header is missing or wrong.", 401);
            var query = ctx.Request.Query;
            if (query["api-version"] != "2019-08-01") return OAuthError("invalid_request", "api-version must be 2019-08-01.");
            string? resource = query["resource"];
            if (string.IsNullOrEmpty(resource)) return OAuthError("invalid_request", "resource is required.");
            var (token, expires) = tokens.Issue(resource, Identity(query["client_id"], query["mi_res_id"], query["principal_id"]), "identity-header");
            return Results.Json(new JsonObject
            {
                ["access_token"] = token,
                ["expires_on"] = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["resource"] = resource,
                ["token_type"] = "Bearer",
                ["client_id"] = (string?)query["client_id"] ?? "00000000-0000-0000-0000-00000000a0a0",
            });
        });

        // A VM's instance metadata service: GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=... with Metadata: true.
        app.MapGet(ImdsPath, (HttpContext ctx) =>
        {
            if (ctx.Request.Headers["Metadata"] != "true") return OAuthError("invalid_request", "Required metadata header not specified");
            var query = ctx.Request.Query;
            string? resource = query["resource"];
            if (string.IsNullOrEmpty(resource)) return OAuthError("invalid_request", "resource is required.");
            var (token, expires) = tokens.Issue(resource, Identity(query["client_id"], query["msi_res_id"] is { Count: > 0 } r ? r : query["mi_res_id"], query["object_id"]), "metadata");
            var now = settings.Clock.GetUtcNow();
            return Results.Json(new JsonObject
            {
                ["access_token"] = token,
                ["refresh_token"] = "",
                ["expires_in"] = ((long)(expires - now).TotalSeconds).ToString(CultureInfo.InvariantCulture),
                ["expires_on"] = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["not_before"] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["resource"] = resource,
                ["token_type"] = "Bearer",
            });
        });
    }

    const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

    /// <summary>Pending until the code is approved; then the tokens of a signed-in user, with the id token and client info MSAL reads its account from.</summary>
    static IResult DeviceCodeToken(IFormCollection form, string tenant, TokenService tokens, EmulatorSettings settings)
    {
        var code = tokens.FindDeviceCode(form["device_code"]);
        if (code == null) return OAuthError("invalid_grant", "The device code is unknown or has expired.");
        if (!code.Approved) return OAuthError("authorization_pending", "The user has not yet entered the code.");
        var (token, expires) = tokens.Issue(code.Audience, "user:" + code.User, "device-code");
        var seconds = Math.Max(0, (long)(expires - settings.Clock.GetUtcNow()).TotalSeconds);
        static string B64(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var uid = "00000000-0000-0000-0000-0000000000u1";
        var now = settings.Clock.GetUtcNow().ToUnixTimeSeconds();
        var idToken = B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." +
            B64($"{{\"aud\":\"{(string?)form["client_id"]}\",\"iss\":\"https://emulator/{tenant}/v2.0\",\"iat\":{now},\"nbf\":{now},\"exp\":{now + seconds},\"oid\":\"{uid}\",\"tid\":\"{tenant}\",\"preferred_username\":\"{code.User}\",\"name\":\"Emulator Admin\",\"sub\":\"{uid}\",\"ver\":\"2.0\"}}") + ".";
        return Results.Json(new JsonObject
        {
            ["token_type"] = "Bearer",
            ["scope"] = code.Audience,
            ["expires_in"] = seconds,
            ["ext_expires_in"] = seconds,
            ["access_token"] = token,
            ["id_token"] = idToken,
            ["client_info"] = B64($"{{\"uid\":\"{uid}\",\"utid\":\"{tenant}\"}}"),
        });
    }

    /// <summary>Who a managed-identity token is for: the system-assigned identity, or a user-assigned one by client id, resource id or object id.</summary>
    static string Identity(string? clientId, string? resourceId, string? objectId) =>
        !string.IsNullOrEmpty(clientId) ? "mi:" + clientId
        : !string.IsNullOrEmpty(resourceId) ? "mi:" + resourceId
        : !string.IsNullOrEmpty(objectId) ? "mi:" + objectId
        : "mi:system";

    static IResult OAuthError(string error, string description, int status = 400) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: status);
}
