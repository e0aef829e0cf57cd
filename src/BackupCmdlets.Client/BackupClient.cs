using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using BackupCmdlets.Client.Connection;
using BackupCmdlets.Client.Http;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;

namespace BackupCmdlets.Client
{
    /// <summary>
    /// The Azure Backup (Recovery Services) REST API: one method per operation, on an Azure.Core
    /// pipeline (retries with Retry-After, bearer token, throttle gate, tracing with redaction, User-Agent; see ClientPipeline).
    /// Operations are in the partial files named for their area.
    /// </summary>
    public sealed partial class BackupClient
    {
        readonly HttpPipeline pipeline;
        readonly BackupClientOptions options;
        readonly bool givenToken;
        readonly string authority; // scheme, host and port of Endpoint, the start of every URL the client builds

        public BackupClient(Uri resourceManagerUrl, TokenCredential credential, BackupClientOptions options = null)
        {
            if (resourceManagerUrl == null) throw new ArgumentNullException(nameof(resourceManagerUrl));
            EndpointPolicy.EnsureAllowed(resourceManagerUrl);
            authority = resourceManagerUrl.GetLeftPart(UriPartial.Authority);
            Endpoint = new Uri(authority);
            this.options = options ?? new BackupClientOptions();
            givenToken = AccessTokenCredential.CannotRenew(credential);
            // The throttle gate after sign-in, so every send (a retry, a resend after a renewed token) passes it.
            pipeline = ClientPipeline.Build(this.options,
                new ArmAuthenticationPolicy(credential, CloudEnvironment.ScopeFor(Endpoint), this.options.TokenRefreshMargin), new Throttling.ThrottlePolicy(), new Tracing.TracePolicy());
        }

        /// <summary>Builds a client and its credential from plain settings.</summary>
        public static BackupClient Create(ConnectionSettings settings, BackupClientOptions options = null)
        {
            options = options ?? new BackupClientOptions();
            if (!string.IsNullOrEmpty(settings.ApiVersion)) options.ApiVersion = settings.ApiVersion;
            if (settings.MaxRetries.HasValue) options.Retry.MaxRetries = settings.MaxRetries.Value;
            if (settings.RetryTimeout.HasValue) options.RetryTimeout = settings.RetryTimeout.Value;
            return new BackupClient(settings.EffectiveResourceManagerUrl, CredentialFactory.Create(settings, options.Transport), options);
        }

        /// <summary>The failure behind a request with no answer (Azure.Core aggregates its retries' failures); null for anything else.</summary>
        static Exception NoAnswer(Exception e)
        {
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Count > 0) e = aggregate.InnerExceptions[aggregate.InnerExceptions.Count - 1];
            return e is RequestFailedException && e.InnerException != null || e is OperationCanceledException || e is System.Net.Http.HttpRequestException || e is System.IO.IOException ? e : null;
        }

        BackupConnectionException Unanswered(Exception last, string method, string path, bool budgetSpent)
        {
            var endpoint = Endpoint.GetLeftPart(UriPartial.Authority);
            if (budgetSpent || last is OperationCanceledException || Find<TimeoutException>(last) != null)
            {
                var what = budgetSpent ? $"did not answer successfully within {options.RetryTimeout}, retries included" : $"did not answer within {options.Retry.NetworkTimeout}";
                return new BackupConnectionException(ConnectionFailure.TimedOut, method, path, Endpoint,
                    $"{endpoint} {what}. The service may be slow or unreachable: try again, or allow more time with -RetryTimeout on Connect-BackupVault.", last);
            }
            var socket = Find<System.Net.Sockets.SocketException>(last);
            if (socket != null && socket.SocketErrorCode != System.Net.Sockets.SocketError.ConnectionReset && socket.SocketErrorCode != System.Net.Sockets.SocketError.ConnectionAborted)
                return new BackupConnectionException(ConnectionFailure.Refused, method, path, Endpoint,
                    $"Could not connect to {endpoint} ({socket.Message}). Check that the URL is right and that the service is reachable (for the emulator: that it is running).", last);
            return new BackupConnectionException(ConnectionFailure.Dropped, method, path, Endpoint,
                $"The connection to {endpoint} closed before the service answered. Check the network and try again.", last);
        }

        static T Find<T>(Exception e) where T : Exception
        {
            for (; e != null; e = e.InnerException)
                if (e is T found) return found;
            return null;
        }

        /// <summary>A 401 after the token was renewed (or could not be): what to do about it.</summary>
        string Unauthorized()
        {
            var advice = givenToken
                ? "The access token given to Connect-BackupVault is no longer accepted (expired or revoked): get a new one and connect again."
                : "A fresh token was asked for and refused too: check that the identity may use the vault, or connect again.";
            return $"The service refused the sign-in. {advice}";
        }

        public Uri Endpoint { get; }
        public string ApiVersion => options.ApiVersion;
        public BackupClientOptions Options => options;

        internal string Url(string path, string filter = null, string apiVersion = null)
        {
            var url = authority + path + "?api-version=" + Uri.EscapeDataString(apiVersion ?? options.ApiVersion);
            if (!string.IsNullOrEmpty(filter)) url += "&$filter=" + Uri.EscapeDataString(filter);
            return url;
        }

        /// <summary>What the client keeps of a response once the message is disposed.</summary>
        internal sealed class Reply
        {
            public int Status;
            public BinaryData Content;
            public string RequestId;
            public string Location;
            public string AzureAsyncOperation;
            public TimeSpan? RetryAfter;
            public DateTimeOffset ReceivedAt;

            public bool HasBody => Content != null && Content.ToMemory().Length > 0;
        }

        /// <summary>Sends one request. Error statuses become <see cref="BackupServiceException"/> unless <paramref name="throwOnError"/> is false.</summary>
        internal async Task<Reply> SendAsync(RequestMethod method, string url, byte[] body, CancellationToken cancellationToken, bool retriable = true, bool throwOnError = true)
        {
            // The pipeline bounds attempts; this bounds their total time.
            using (var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (var message = pipeline.CreateMessage())
            {
                if (options.RetryTimeout.HasValue) budget.CancelAfter(options.RetryTimeout.Value);
                if (!retriable) message.ResponseClassifier = new NoRetryClassifier();
                var request = message.Request;
                request.Method = method;
                request.Uri.Reset(new Uri(url));
                request.Headers.SetValue("Accept", "application/json");
                if (body != null)
                {
                    request.Headers.SetValue("Content-Type", "application/json");
                    request.Content = RequestContent.Create(body);
                }
                try
                {
                    await pipeline.SendAsync(message, budget.Token).ConfigureAwait(false);
                }
                catch (AuthenticationFailedException e)
                {
                    // The credential could not get a token (CredentialUnavailableException included): no request was sent.
                    throw new BackupAuthenticationException($"Signing in failed, so {method.Method} {DisplayPath(url)} was not sent: {e.Message}", e);
                }
                catch (Exception e) when (!(e is AuthenticationFailedException) && !cancellationToken.IsCancellationRequested && NoAnswer(e) != null)
                {
                    // No answer after the pipeline's retries: refused, dropped or late. Say where it went and what to check.
                    throw Unanswered(NoAnswer(e), method.Method, DisplayPath(url), budget.IsCancellationRequested);
                }
                var response = message.Response;
                // Only a write's answer names an operation to follow; reads (polls included) skip the two lookups.
                var write = method != RequestMethod.Get;
                var reply = new Reply
                {
                    Status = response.Status,
                    Content = response.Content,
                    RequestId = Header(response, "x-ms-request-id"),
                    Location = write ? Header(response, "Location") : null,
                    AzureAsyncOperation = write ? Header(response, "Azure-AsyncOperation") : null,
                    RetryAfter = ParseRetryAfter(response),
                    ReceivedAt = DateTimeOffset.UtcNow,
                };
                if (reply.Status == 401)
                    throw new BackupAuthenticationException(Unauthorized(), ParseError(reply), reply.RequestId, 401, method.Method, DisplayPath(url));
                if (throwOnError && reply.Status >= 400)
                    throw new BackupServiceException(method.Method, DisplayPath(url), reply.Status, ParseError(reply), reply.RequestId, reply.RetryAfter);
                return reply;
            }
        }

        internal async Task<JsonElement> GetJsonAsync(string url, CancellationToken cancellationToken)
        {
            for (var attempt = 0; ; attempt++)
            {
                var reply = await SendAsync(RequestMethod.Get, url, null, cancellationToken).ConfigureAwait(false);
                try
                {
                    return ParseBody(reply, url);
                }
                catch (BackupException) when (attempt < options.Retry.MaxRetries && reply.HasBody)
                {
                    // A body cut off on the way is a transient fault like any other; a read is safe to repeat.
                }
            }
        }

        /// <summary>Streams the items of a list, fetching each next page only when the caller has taken the previous one.</summary>
        internal async IAsyncEnumerable<T> PageAsync<T>(string url, Func<JsonElement, T> map, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (!string.IsNullOrEmpty(url))
            {
                if (!seen.Add(url)) throw new BackupException($"The service returned the same nextLink twice ('{DisplayPath(url)}'); stopping rather than looping.");
                var page = await GetJsonAsync(url, cancellationToken).ConfigureAwait(false);
                if (page.Prop("value") is JsonElement values && values.ValueKind == JsonValueKind.Array)
                    foreach (var item in values.EnumerateArray())
                        yield return map(item);
                var next = page.Str("nextLink");
                url = string.IsNullOrEmpty(next) ? null : new Uri(Endpoint, next).ToString();
            }
        }

        internal static JsonElement ParseBody(Reply reply, string url)
        {
            if (!reply.HasBody)
                throw new BackupException($"The service returned no body for {DisplayPath(url)}.", requestId: reply.RequestId, status: reply.Status);
            try
            {
                // One scan (ParseValue would scan twice: once to find the value's end), then a copy into memory of its
                // own, so the pooled buffers go back now and the models' Clone() of these elements is free.
                using (var doc = JsonDocument.Parse(reply.Content.ToMemory()))
                    return doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new BackupException($"The service returned a body that is not valid JSON for {DisplayPath(url)}: {e.Message}", requestId: reply.RequestId, status: reply.Status, inner: e);
            }
        }

        /// <summary>The service's error from a reply; never null (a reply without one is described by its status).</summary>
        static BackupErrorDetail ParseError(Reply reply)
        {
            if (!reply.HasBody) return new BackupErrorDetail(null, $"HTTP {reply.Status} with no body.");
            try
            {
                using (var doc = JsonDocument.Parse(reply.Content.ToMemory()))
                {
                    var root = doc.RootElement;
                    return BackupErrorDetail.From(root.Prop("error")) ?? BackupErrorDetail.From(root)
                        ?? new BackupErrorDetail(null, $"HTTP {reply.Status}: {Truncate(reply.Content.ToString())}");
                }
            }
            catch (JsonException)
            {
                return new BackupErrorDetail(null, $"HTTP {reply.Status} with a body that is not JSON: {Truncate(reply.Content.ToString())}");
            }
        }

        static string Truncate(string s) => s.Length <= 300 ? s : s.Substring(0, 300) + "…";

        /// <summary>The path of a URL without host or query: enough to name the resource in a message.</summary>
        internal static string DisplayPath(string url) =>
            Uri.TryCreate(url, UriKind.Absolute, out var u) ? Uri.UnescapeDataString(u.AbsolutePath) : url;

        static string Header(Response response, string name) => response.Headers.TryGetValue(name, out var v) ? v : null;

        internal static TimeSpan? ParseRetryAfter(Response response)
        {
            if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var m))
                return TimeSpan.FromMilliseconds(m);
            if (!response.Headers.TryGetValue("Retry-After", out var value)) return null;
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(Math.Max(0, seconds));
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var wait = at - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }

        internal static byte[] JsonBody(Action<Utf8JsonWriter> write)
        {
            using (var stream = new System.IO.MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream))
                {
                    writer.WriteStartObject();
                    write(writer);
                    writer.WriteEndObject();
                }
                return stream.ToArray();
            }
        }

        /// <summary>Turns the answer to an asynchronous request into a <see cref="BackupOperation"/>.</summary>
        internal BackupOperation Accepted(Reply reply, BackupOperationKind kind, VaultId vault, string targetId, string targetName)
        {
            var op = new BackupOperation(kind, vault, targetId, targetName, reply.AzureAsyncOperation, reply.Location, reply.RetryAfter, reply.RequestId, reply.ReceivedAt);
            if (reply.Status == 202)
            {
                if (op.AzureAsyncOperationUrl == null && op.LocationUrl == null)
                    throw new BackupException($"The service accepted the {kind} of '{targetName}' but gave no URL to follow it.", requestId: reply.RequestId, status: 202);
                return op;
            }
            // Done at once (200/201/204): nothing to poll.
            op.Status = "Succeeded";
            op.CompletedAt = reply.ReceivedAt;
            op.Result = reply.HasBody ? ResultFromBody(kind, ParseBody(reply, targetId)) : null;
            return op;
        }

        static object ResultFromBody(BackupOperationKind kind, JsonElement body)
        {
            switch (kind)
            {
                case BackupOperationKind.Register:
                case BackupOperationKind.Inquiry:
                    return new ProtectionContainer(body);
                case BackupOperationKind.EnableProtection:
                case BackupOperationKind.StopProtection:
                case BackupOperationKind.ModifyProtection:
                case BackupOperationKind.Undelete:
                    return new ProtectedItem(body);
                default:
                    return null;
            }
        }
    }
}
