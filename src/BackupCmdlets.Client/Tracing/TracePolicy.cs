using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace BackupCmdlets.Client.Tracing
{
    /// <summary>
    /// Traces every attempt of every request into the current <see cref="RequestTraceSink"/>: one summary line
    /// (method, path, status, duration, Retry-After, request id) and, when detail is wanted, the headers and
    /// body each way with every secret redacted (<see cref="SecretRedactor"/>). It sits after the
    /// authentication policy, so it sees the Authorization header that it must hide.
    /// </summary>
    internal sealed class TracePolicy : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var sink = RequestTrace.Current;
            if (sink == null) ProcessNext(message, pipeline);
            else ProcessAsync(sink, message, pipeline, async: false).AsTask().GetAwaiter().GetResult();
        }

        // Untraced requests (most) pass straight on: no state machine of their own.
        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var sink = RequestTrace.Current;
            return sink == null ? ProcessNextAsync(message, pipeline) : ProcessAsync(sink, message, pipeline, async: true);
        }

        static async ValueTask ProcessAsync(RequestTraceSink sink, HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
        {
            var request = message.Request;
            var method = request.Method.Method;
            var path = request.Uri.Path;
            if (sink.Detail) sink.Details(DescribeRequest(request));
            var clock = Stopwatch.StartNew();
            try
            {
                if (async) await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
                else ProcessNext(message, pipeline);
            }
            catch (Exception e)
            {
                sink.Summary($"{method} {path}: no answer after {Ms(clock)} ({e.GetType().Name}: {FirstLine(e.Message)})");
                throw;
            }
            var response = message.Response;
            var line = new StringBuilder($"{method} {path}: {response.Status} in {Ms(clock)}");
            if (response.Headers.TryGetValue("Retry-After", out var retryAfter)) line.Append(", Retry-After ").Append(retryAfter);
            if (response.Headers.TryGetValue("x-ms-request-id", out var requestId)) line.Append(", request id ").Append(requestId);
            sink.Summary(line.ToString());
            if (sink.Detail) sink.Details(DescribeResponse(response));
        }

        static string DescribeRequest(Request request)
        {
            var text = new StringBuilder($"Request: {request.Method.Method} {SecretRedactor.Url(request.Uri.ToUri())}");
            foreach (var header in request.Headers) text.Append("\n  ").Append(header.Name).Append(": ").Append(SecretRedactor.Header(header.Name, header.Value));
            if (request.Content != null)
            {
                using (var body = new MemoryStream())
                {
                    request.Content.WriteTo(body, default);
                    text.Append("\n").Append(SecretRedactor.Body(Encoding.UTF8.GetString(body.ToArray())));
                }
            }
            return text.ToString();
        }

        static string DescribeResponse(Response response)
        {
            var text = new StringBuilder($"Response: {response.Status} {response.ReasonPhrase}");
            foreach (var header in response.Headers) text.Append("\n  ").Append(header.Name).Append(": ").Append(SecretRedactor.Header(header.Name, header.Value));
            // The body is buffered by now (the pipeline's response-body policy runs nearer the wire); an unbuffered one is not read here.
            if (response.ContentStream is MemoryStream buffered && buffered.Length > 0)
                text.Append("\n").Append(SecretRedactor.Body(Encoding.UTF8.GetString(buffered.ToArray())));
            return text.ToString();
        }

        static string Ms(Stopwatch clock) => clock.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms";

        static string FirstLine(string s)
        {
            var end = s.IndexOfAny(new[] { '\r', '\n' });
            return end < 0 ? s : s.Substring(0, end);
        }
    }
}
