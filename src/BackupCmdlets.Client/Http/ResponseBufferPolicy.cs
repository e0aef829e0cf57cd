using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;

namespace BackupCmdlets.Client.Http
{
    /// <summary>
    /// Reads each attempt's answer whole before the attempt counts as done, so a connection dropped mid-body is a
    /// failed attempt that the retry policy sees, not a broken stream found later. Each read of the body must come
    /// within the network timeout (the wait for the headers is the transport's: <see cref="ClientTransport"/>); a
    /// timeout ends as a <see cref="TaskCanceledException"/> around a <see cref="TimeoutException"/>, which the retry
    /// policy retries and the client reports as "did not answer within". Azure.Core's own response-body policy does
    /// the same but is not public. A message with <see cref="HttpMessage.BufferResponse"/> false keeps its stream
    /// unread (the client never asks for that).
    /// </summary>
    internal sealed class ResponseBufferPolicy : HttpPipelinePolicy
    {
        const int ChunkSize = 16 * 1024;
        readonly TimeSpan networkTimeout;

        public ResponseBufferPolicy(TimeSpan networkTimeout) => this.networkTimeout = networkTimeout;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline, false).AsTask().GetAwaiter().GetResult();

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline, true);

        async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
        {
            if (async) await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            else ProcessNext(message, pipeline);

            var body = message.Response.ContentStream;
            if (body == null || body.CanSeek || !message.BufferResponse) return;
            var caller = message.CancellationToken;
            var timeout = message.NetworkTimeout ?? networkTimeout;
            using (var reads = CancellationTokenSource.CreateLinkedTokenSource(caller))
            // Not every stream honours a token (.NET Framework's do not): disposing it ends a read that hangs.
            using (reads.Token.Register(s => ((Stream)s).Dispose(), body))
            {
                try
                {
                    message.Response.ContentStream = await ReadWholeAsync(body, message.Response.Headers.ContentLength, reads, timeout, async).ConfigureAwait(false);
                }
                catch (Exception e) when ((e is OperationCanceledException || e is ObjectDisposedException || e is IOException) && TimedOut(caller, reads.Token))
                {
                    throw TimedOutError(e, timeout);
                }
            }
            body.Dispose();
        }

        static async Task<MemoryStream> ReadWholeAsync(Stream body, long? length, CancellationTokenSource reads, TimeSpan timeout, bool async)
        {
            var whole = new MemoryStream(length is long n && n > 0 && n < int.MaxValue ? (int)n : 0);
            var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                while (true)
                {
                    reads.CancelAfter(timeout); // the timeout is per read: a long body that keeps coming is not cut off
                    var read = async
                        ? await body.ReadAsync(chunk, 0, chunk.Length, reads.Token).ConfigureAwait(false)
                        : body.Read(chunk, 0, chunk.Length);
                    if (read == 0) break;
                    whole.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
            whole.Position = 0;
            return whole;
        }

        /// <summary>A read's time ran out; the caller did not cancel (its cancellation goes up as it is).</summary>
        static bool TimedOut(CancellationToken caller, CancellationToken reads) => reads.IsCancellationRequested && !caller.IsCancellationRequested;

        static Exception TimedOutError(Exception e, TimeSpan timeout)
        {
            var message = $"No answer within the network timeout of {timeout:g}.";
            return new TaskCanceledException(message, new TimeoutException(message, e));
        }
    }
}
