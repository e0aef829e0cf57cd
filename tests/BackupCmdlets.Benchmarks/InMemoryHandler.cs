using System.Net;
using System.Net.Http.Headers;

/// <summary>
/// Answers every request with the same vault at once, in memory, with the headers Resource Manager sends: the
/// overhead scenario's second figure, the client's own work per request with no network and no server under it.
/// The body is a stream that cannot seek, as a network body is, so the client reads it as it would a real one.
/// </summary>
sealed class InMemoryHandler(byte[] body) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new StreamContent(new ForwardOnly(body)) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        response.Content.Headers.ContentLength = body.Length;
        response.Headers.TryAddWithoutValidation("x-ms-request-id", "8d3c0e8e-4b7a-4c1e-9d8a-2f3b6c7d8e9f");
        response.Headers.TryAddWithoutValidation("x-ms-ratelimit-remaining-subscription-reads", "11999");
        if (request.Headers.TryGetValues("x-ms-client-request-id", out var id))
            response.Headers.TryAddWithoutValidation("x-ms-client-request-id", $"{id.First()}; {id.First()}");
        return Task.FromResult(response);
    }

    sealed class ForwardOnly(byte[] bytes) : Stream
    {
        int position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, bytes.Length - position);
            Array.Copy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = Math.Min(buffer.Length, bytes.Length - position);
            bytes.AsMemory(position, n).CopyTo(buffer);
            position += n;
            return new ValueTask<int>(n);
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
