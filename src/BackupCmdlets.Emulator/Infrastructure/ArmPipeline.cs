using BackupCmdlets.Emulator.Faults;

namespace BackupCmdlets.Emulator.Infrastructure;

/// <summary>
/// What ARM does before a request reaches the resource provider: request ids, rate-limit headers,
/// bearer-token check, api-version check, the request log; and the faults tests ask for.
/// </summary>
public static class ArmPipeline
{
    public const string OperationItem = "emu.operationId";
    public const string NotBeforeItem = "emu.notBefore";
    public const string FaultItem = "emu.fault";

    /// <param name="serviceClock">The service's time (sped up by ClockSpeed), which the request log uses like the operations do.</param>
    public static void UseArmPipeline(this WebApplication app, TokenService tokens, RequestLog log, EmulatorSettings settings, FaultInjector faults, Ledger ledger,
        TimeProvider? serviceClock = null)
    {
        // ARM's buckets refill in real time, whatever speed the service's clock runs at.
        var buckets = new TokenBuckets(settings.Throttling, settings.Clock);
        serviceClock ??= settings.Clock;
        app.Use(async (context, next) =>
        {
            var received = serviceClock.GetUtcNow();
            var servedFrom = TimeProvider.System.GetUtcNow();
            var requestId = Guid.NewGuid().ToString();
            string? body = null;
            SetRequestIds(context, requestId);
            TeeStream? copy = null;
            try
            {
                if (!IsArmPath(context.Request.Path))
                {
                    await next(context);
                    return;
                }
                // Only ARM answers are kept: the token endpoints' answers hold secrets.
                if (settings.KeepResponseBodies) copy = TeeStream.Attach(context.Response);
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

                var kind = RequestKinds.Of(context.Request.Method, context.Request.Path.Value ?? "");
                var isWrite = kind == RequestKind.Write;
                if (isWrite) body = await ReadBodyAsync(context.Request);
                var (allowed, remaining, retryAfter) = buckets.TryTake(RequestKinds.Subscription(context.Request.Path.Value ?? "") ?? "", isWrite);
                context.Response.Headers[RateLimitHeader(isWrite)] = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!allowed)
                {
                    await WriteThrottled(context, isWrite, retryAfter, ThrottledMessage(context, settings.Throttling, isWrite, retryAfter));
                    return;
                }
                var rule = faults.Next(context.Request.Method, context.Request.Path.Value ?? "");
                // The resource provider's time to answer; ARM itself answers a throttled request (a fault's too) at once.
                // Real time, not the service's clock, and no lock held: requests wait side by side.
                if (rule?.Kind != FaultKind.Throttle && RequestKinds.Latency(settings, kind) is var latency && latency > TimeSpan.Zero)
                {
                    try { await Task.Delay(latency, context.RequestAborted); }
                    catch (OperationCanceledException) { return; }
                }
                if (rule == null)
                {
                    await next(context);
                    return;
                }
                ledger.Record(received, Ledger.FaultInjected, $"{context.Request.Method} {context.Request.Path}", rule.ToString());
                context.Items[FaultItem] = rule;
                await Strike(context, next, rule, isWrite, requestId);
            }
            finally
            {
                log.Add(received, context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
                    context.Response.StatusCode,
                    context.Items.TryGetValue(OperationItem, out var op) ? op as string : null,
                    context.Items.TryGetValue(NotBeforeItem, out var nb) ? nb as DateTimeOffset? : null, body,
                    copy?.Text, context.Items.TryGetValue(FaultItem, out var f) ? (f as FaultRule)?.Kind.ToString() : null,
                    servedFrom, TimeProvider.System.GetUtcNow());
            }
        });
    }

    /// <summary>Reads a write's body for the request log, leaving it readable by the endpoint.</summary>
    static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var text = await reader.ReadToEndAsync();
        request.Body.Position = 0;
        return text.Length == 0 ? null : text;
    }

    static async Task Strike(HttpContext context, RequestDelegate next, FaultRule rule, bool isWrite, string requestId)
    {
        switch (rule.Kind)
        {
            case FaultKind.OperationFails or FaultKind.OperationCanceled or FaultKind.NoRetryAfter or FaultKind.LocationOnly:
                await next(context); // the handlers shape the operation (see Responses)
                return;
            case FaultKind.Throttle:
                context.Response.Headers[RateLimitHeader(isWrite)] = "0";
                await WriteThrottled(context, isWrite, rule.RetryAfterSeconds,
                    $"Number of '{(isWrite ? "write" : "read")}' requests for subscription exceeded. Please try again after '{rule.RetryAfterSeconds}' seconds.");
                return;
        }
        if (rule.Phase == FaultPhase.Before)
        {
            switch (rule.Kind)
            {
                case FaultKind.Drop:
                    context.Abort();
                    return;
                case FaultKind.ServerError:
                    await WriteServerError(context, rule);
                    return;
                case FaultKind.MalformedJson:
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("{\"value\":[{\"id\":\"/subscriptions/");
                    return;
                case FaultKind.Delay:
                    // The request waits at the front door; a client that gave up by then is not served.
                    try { await Task.Delay(rule.DelayMilliseconds, context.RequestAborted); }
                    catch (OperationCanceledException) { return; }
                    await next(context);
                    return;
            }
        }

        // After: the service does the work; then the answer is lost, broken or late.
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try { await next(context); }
        finally { context.Response.Body = original; }
        switch (rule.Kind)
        {
            case FaultKind.Drop:
                context.Abort();
                return;
            case FaultKind.ServerError:
                context.Response.Clear();
                SetRequestIds(context, requestId);
                await WriteServerError(context, rule);
                return;
            case FaultKind.MalformedJson:
                var bytes = buffer.ToArray();
                context.Response.Headers.ContentLength = null;
                await original.WriteAsync(bytes.Length > 2 ? bytes.AsMemory(0, bytes.Length / 2) : "{\"val"u8.ToArray());
                return;
            case FaultKind.Delay:
                try { await Task.Delay(rule.DelayMilliseconds, context.RequestAborted); }
                catch (OperationCanceledException) { return; }
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                return;
        }
    }

    static Task WriteServerError(HttpContext context, FaultRule rule)
    {
        var code = rule.ErrorCode ?? rule.Status switch
        {
            500 => "InternalServerError",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            _ => "ServerError",
        };
        if (rule.Status == 503) context.Response.Headers.RetryAfter = rule.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ArmErrors.Write(context, rule.Status, code, rule.ErrorMessage ?? $"The service could not handle the request ({rule.Status}). Try again later.");
    }

    static void SetRequestIds(HttpContext context, string requestId)
    {
        context.Response.Headers["x-ms-request-id"] = requestId;
        context.Response.Headers["x-ms-correlation-request-id"] = requestId;
        // The caller's own id comes back, as the service sends it in the walkthrough's traces: twice, joined by "; ".
        string? clientRequestId = context.Request.Headers["x-ms-client-request-id"];
        if (!string.IsNullOrEmpty(clientRequestId)) context.Response.Headers["x-ms-client-request-id"] = $"{clientRequestId}; {clientRequestId}";
    }

    static bool IsArmPath(PathString path) => path.StartsWithSegments("/subscriptions", StringComparison.OrdinalIgnoreCase);

    static string? BearerToken(HttpContext context)
    {
        string? header = context.Request.Headers.Authorization;
        if (header == null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var token = header["Bearer ".Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    static Task WriteThrottled(HttpContext context, bool isWrite, int retryAfterSeconds, string message)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ArmErrors.Write(context, 429, "SubscriptionRequestsThrottled", message);
    }

    /// <summary>ARM's sentence, its interval being the time an empty bucket takes to fill again.</summary>
    static string ThrottledMessage(HttpContext context, ThrottleSettings throttling, bool isWrite, int retryAfterSeconds)
    {
        var burst = isWrite ? throttling.WriteBurst : throttling.ReadBurst;
        var rate = isWrite ? throttling.WritesPerSecond : throttling.ReadsPerSecond;
        var seconds = burst / rate; // capped at a day: a bucket that never refills (rate 0) has no interval
        var interval = TimeSpan.FromSeconds(double.IsFinite(seconds) && seconds < 86_400 ? Math.Ceiling(seconds) : 86_400);
        return $"Number of '{(isWrite ? "write" : "read")}' requests for subscription '{RequestKinds.Subscription(context.Request.Path.Value ?? "")}' actually exceeded the limit of " +
               $"'{burst}' for time interval '{interval:c}'. Please try again after '{retryAfterSeconds}' seconds.";
    }

    static string RateLimitHeader(bool isWrite) => isWrite ? "x-ms-ratelimit-remaining-subscription-writes" : "x-ms-ratelimit-remaining-subscription-reads";
}
