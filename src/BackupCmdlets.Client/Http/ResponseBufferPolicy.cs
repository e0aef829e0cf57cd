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
        // Larger announced lengths are read in chunks, so a wrong or hostile Content-Length cannot make the client
        // allocate it at once.
        const int MaxExactLength = 16 * 1024 * 1024;
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
            using (var timer = new ReadTimer(caller, body, timeout))
            {
                try
                {
                    message.Response.ContentStream = await ReadWholeAsync(body, message.Response.Headers.ContentLength, timer, async).ConfigureAwait(false);
                }
                catch (Exception e) when ((e is OperationCanceledException || e is ObjectDisposedException || e is IOException) && TimedOut(caller, timer.Token))
                {
                    throw TimedOutError(e, timeout);
                }
            }
            body.Dispose();
        }

        /// <summary>
        /// The timeout of the body's reads, started only when a read has to wait: most answers are whole in the
        /// connection's buffer by the time the headers are read, and their reads complete at once without a timer.
        /// </summary>
        sealed class ReadTimer : IDisposable
        {
            readonly CancellationTokenSource reads; // the caller's token, and the timeout once started
            readonly Stream body;
            readonly TimeSpan timeout;
            CancellationTokenRegistration disposeOnCancel;
            bool armed;

            public ReadTimer(CancellationToken caller, Stream body, TimeSpan timeout)
            {
                reads = CancellationTokenSource.CreateLinkedTokenSource(caller);
                this.body = body;
                this.timeout = timeout;
            }

            public CancellationToken Token => reads.Token;

            /// <summary>Gives a read that is waiting the full timeout from now (each read, so a long body that keeps coming is not cut off).</summary>
            public void Restart()
            {
                // Not every stream honours a token (.NET Framework's do not): disposing it ends a read that hangs.
                if (!armed) disposeOnCancel = reads.Token.Register(s => ((Stream)s).Dispose(), body);
                armed = true;
                reads.CancelAfter(timeout);
            }

            public void Dispose()
            {
                disposeOnCancel.Dispose();
                reads.Dispose();
            }
        }

        static async Task<MemoryStream> ReadWholeAsync(Stream body, long? length, ReadTimer timer, bool async)
        {
            // The length is known for nearly every answer: read it into a buffer of its size and stop there.
            if (length is long n && n >= 0 && n <= MaxExactLength)
            {
                var exact = new byte[n];
                var filled = 0;
                while (filled < exact.Length)
                {
                    var read = await ReadAsync(body, exact, filled, exact.Length - filled, timer, async).ConfigureAwait(false);
                    if (read == 0) throw new IOException($"The answer ended after {filled} of the {n} bytes its Content-Length announced.");
                    filled += read;
                }
                return new MemoryStream(exact, 0, exact.Length, writable: false, publiclyVisible: true);
            }
            var whole = new MemoryStream();
            var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                while (true)
                {
                    var read = await ReadAsync(body, chunk, 0, chunk.Length, timer, async).ConfigureAwait(false);
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

        static ValueTask<int> ReadAsync(Stream body, byte[] buffer, int offset, int count, ReadTimer timer, bool async)
        {
            if (!async)
            {
                timer.Restart();
                return new ValueTask<int>(body.Read(buffer, offset, count));
            }
            var read = body.ReadAsync(buffer, offset, count, timer.Token);
            if (!read.IsCompleted) timer.Restart();
            return new ValueTask<int>(read);
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
