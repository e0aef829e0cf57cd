using System.Collections.Concurrent;
using System.Threading;

namespace BackupCmdlets.Client.Tracing
{
    /// <summary>
    /// Where the client's request traces go for the work under way. Requests run on pool threads, so lines are only
    /// queued here; the cmdlet that owns the sink writes them from its pipeline thread (-Verbose, -Debug).
    /// </summary>
    public sealed class RequestTraceSink
    {
        readonly ConcurrentQueue<(bool Detail, string Text)> lines = new ConcurrentQueue<(bool, string)>();

        public RequestTraceSink(bool detail) => Detail = detail;

        /// <summary>Whether headers and bodies (redacted) are wanted, for -Debug; reading them costs, so only then.</summary>
        public bool Detail { get; }

        internal void Summary(string text) => lines.Enqueue((false, text));
        internal void Details(string text) => lines.Enqueue((true, text));

        /// <summary>The next line, in the order the requests produced them; false when none is waiting.</summary>
        public bool TryTake(out bool detail, out string text)
        {
            var taken = lines.TryDequeue(out var line);
            detail = line.Detail;
            text = line.Text;
            return taken;
        }
    }

    /// <summary>The sink of the current asynchronous flow: set at the start of a piece of work, it follows the work across threads.</summary>
    public static class RequestTrace
    {
        static readonly AsyncLocal<RequestTraceSink> current = new AsyncLocal<RequestTraceSink>();

        public static RequestTraceSink Current
        {
            get => current.Value;
            set => current.Value = value;
        }
    }
}
