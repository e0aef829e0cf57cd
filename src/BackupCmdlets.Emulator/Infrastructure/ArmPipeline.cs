namespace BackupCmdlets.Emulator.Infrastructure;

/// <summary>What ARM does before a request reaches the resource provider: request ids, bearer-token check, api-version check, and the request log.</summary>
public static class ArmPipeline
{
    public const string OperationItem = "emu.operationId";
    public const string NotBeforeItem = "emu.notBefore";

    public static void UseArmPipeline(this WebApplication app, TokenService tokens, RequestLog log, EmulatorSettings settings)
    {
        app.Use(async (context, next) =>
        {
            var received = settings.Clock.GetUtcNow();
            var requestId = Guid.NewGuid().ToString();
            context.Response.Headers["x-ms-request-id"] = requestId;
            context.Response.Headers["x-ms-correlation-request-id"] = requestId;
            try
            {
                if (IsArmPath(context.Request.Path))
                {
                    var audience = $"{context.Request.Scheme}://{context.Request.Host}";
                    var problem = tokens.Check(BearerToken(context), audience);
                    if (problem != null)
                    {
                        context.Response.Headers.WWWAuthenticate =
                            $"Bearer authorization_uri=\"{audience}/emulator/oauth2/authorize\", error=\"invalid_token\", error_description=\"{problem}\"";
                        await ArmErrors.Write(context, 401, BearerToken(context) == null ? "AuthenticationFailed" : "InvalidAuthenticationToken", problem);
                        return;
                    }
                    string? version = context.Request.Query["api-version"];
                    if (string.IsNullOrEmpty(version))
                    {
                        await ArmErrors.Write(context, 400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
                        return;
                    }
                    if (!ApiVersions.IsSupportedFor(version, context.Request.Path))
                    {
                        await ArmErrors.Write(context, 400, "InvalidApiVersionParameter",
                            $"The api-version '{version}' is invalid. The supported versions are '{string.Join(",", ApiVersions.Stable.Reverse())}'.");
                        return;
                    }
                }
                await next();
            }
            finally
            {
                log.Add(received, context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
                    context.Response.StatusCode,
                    context.Items.TryGetValue(OperationItem, out var op) ? op as string : null,
                    context.Items.TryGetValue(NotBeforeItem, out var nb) ? nb as DateTimeOffset? : null);
            }
        });
    }

    static bool IsArmPath(PathString path) => path.StartsWithSegments("/subscriptions", StringComparison.OrdinalIgnoreCase);

    static string? BearerToken(HttpContext context)
    {
        string? header = context.Request.Headers.Authorization;
        if (header == null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var token = header["Bearer ".Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
