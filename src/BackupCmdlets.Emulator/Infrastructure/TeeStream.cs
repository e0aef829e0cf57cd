using System.Text;

namespace BackupCmdlets.Emulator.Infrastructure;

/// <summary>The response stream, with a copy of what went through it kept for the request log.</summary>
sealed class TeeStream(Stream inner) : Stream
{
    readonly MemoryStream copy = new();

    /// <summary>Puts a tee in front of the response body; what the client receives is unchanged.</summary>
    public static TeeStream Attach(HttpResponse response)
    {
        var tee = new TeeStream(response.Body);
        response.Body = tee;
        return tee;
    }

    public string? Text
    {
        get
        {
            lock (copy) return copy.Length == 0 ? null : Encoding.UTF8.GetString(copy.GetBuffer(), 0, (int)copy.Length);
        }
    }

    void Keep(ReadOnlySpan<byte> bytes)
    {
        lock (copy) copy.Write(bytes);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Keep(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Keep(buffer.AsSpan(offset, count));
        return inner.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
