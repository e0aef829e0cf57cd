using System;
using System.Threading;
using System.Threading.Tasks;

namespace BackupCmdlets.Client.Throttling
{
    /// <summary>
    /// One kind of request (reads or writes) to one subscription, as Resource Manager budgets them. Every
    /// attempt passes through: a 429 closes the gate for everyone until its Retry-After; a budget at or below
    /// <see cref="LowMark"/> (the last header, less the requests sent since) spaces sends about the bucket's refill
    /// rate, steering the budget to half the low mark, until it rises again; and at most
    /// <see cref="Window"/> requests are in flight, a window halved on throttling and widened by one per
    /// success while it is full (AIMD). Far from empty and unthrottled, nothing waits.
    /// </summary>
    public sealed class ThrottleGate
    {
        /// <summary>How long the gate stays closed after a 429 that names no Retry-After.</summary>
        public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

        readonly object sync = new object();
        TaskCompletionSource<bool> changed = NewSignal();
        int window, inFlight, throttles, waits, sleepers; // sleepers: EnterAsync calls waiting for a change
        int? remaining;
        long sent, applied; // send order of requests, and of the one whose budget header was read last
        DateTimeOffset closedUntil, nextPacedSend;
        TimeSpan waited;

        internal ThrottleGate(string kind, int initialWindow, int maxWindow, double refillPerSecond, int lowMark)
        {
            Kind = kind;
            RemainingHeader = "x-ms-ratelimit-remaining-subscription-" + kind;
            window = initialWindow;
            InitialWindow = initialWindow;
            MaxWindow = maxWindow;
            RefillPerSecond = refillPerSecond;
            LowMark = lowMark;
        }

        /// <summary><c>reads</c> or <c>writes</c>, as the <c>x-ms-ratelimit-remaining-subscription-*</c> headers name them.</summary>
        public string Kind { get; }

        /// <summary>The response header that reports this kind's budget left.</summary>
        internal string RemainingHeader { get; }

        public int InitialWindow { get; }
        public int MaxWindow { get; }

        /// <summary>Resource Manager's refill rate for this kind (writes 10/s, reads 25/s): the pace when the budget is low.</summary>
        public double RefillPerSecond { get; }

        /// <summary>A remaining budget at or below this makes the gate pace sends.</summary>
        public int LowMark { get; }

        /// <summary>How many requests of this kind may be in flight at once now.</summary>
        public int Window { get { lock (sync) return window; } }
        public int InFlight { get { lock (sync) return inFlight; } }

        /// <summary>429s seen for this kind and subscription since the process started.</summary>
        public int ThrottleCount { get { lock (sync) return throttles; } }

        /// <summary>The last remaining budget the service reported, or null before any.</summary>
        public int? Remaining { get { lock (sync) return remaining; } }

        /// <summary>Whether sends are spaced at <see cref="RefillPerSecond"/> (the budget is low).</summary>
        public bool IsPacing { get { lock (sync) return IsLow(); } }

        /// <summary>Until when a 429 holds every request of this kind back; null when open.</summary>
        public DateTimeOffset? ClosedUntil { get { lock (sync) return closedUntil > DateTimeOffset.UtcNow ? closedUntil : (DateTimeOffset?)null; } }

        /// <summary>How many sends had to wait at the gate, and for how long in all.</summary>
        public int WaitCount { get { lock (sync) return waits; } }
        public TimeSpan TotalWaited { get { lock (sync) return waited; } }

        /// <summary>Waits until this request may be sent (cancellable); returns how long it waited and its place in the send order.</summary>
        internal ValueTask<(TimeSpan Waited, long Ticket)> EnterAsync(CancellationToken cancellationToken)
        {
            // The usual case, an open gate: no task, no state machine.
            lock (sync)
            {
                var now = DateTimeOffset.UtcNow;
                if (closedUntil <= now && !(IsLow() && nextPacedSend > now) && inFlight < window)
                    return new ValueTask<(TimeSpan, long)>((TimeSpan.Zero, Admit(now)));
            }
            return new ValueTask<(TimeSpan, long)>(WaitAsync(cancellationToken));
        }

        /// <summary>Counts a request in; called under the lock when it may go.</summary>
        long Admit(DateTimeOffset now)
        {
            inFlight++;
            sent++;
            if (IsLow()) nextPacedSend = (nextPacedSend > now ? nextPacedSend : now) + PacedInterval();
            return sent;
        }

        async Task<(TimeSpan Waited, long Ticket)> WaitAsync(CancellationToken cancellationToken)
        {
            var started = DateTimeOffset.UtcNow;
            while (true)
            {
                Task signal;
                TimeSpan wait;
                lock (sync)
                {
                    var now = DateTimeOffset.UtcNow;
                    if (closedUntil > now) wait = closedUntil - now;
                    else if (IsLow() && nextPacedSend > now) wait = nextPacedSend - now;
                    else if (inFlight >= window) wait = Timeout.InfiniteTimeSpan;
                    else
                    {
                        var ticket = Admit(now);
                        var total = now - started;
                        if (total > TimeSpan.Zero)
                        {
                            waits++;
                            waited += total;
                        }
                        return (total, ticket);
                    }
                    signal = changed.Task;
                    sleepers++;
                }
                // Woken by whichever comes first: the time to wait, a change (a slot freed, the window moved), or Ctrl+C.
                using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    await Task.WhenAny(signal, Task.Delay(wait == Timeout.InfiniteTimeSpan ? wait : wait + TimeSpan.FromMilliseconds(1), stop.Token)).ConfigureAwait(false);
                    stop.Cancel();
                }
                lock (sync) sleepers--;
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        /// <summary>
        /// The gap between paced sends: the refill interval, shortened while the budget is above half the low mark and
        /// lengthened below it, so the budget settles there instead of drifting (late timers) to waste or to a 429.
        /// </summary>
        TimeSpan PacedInterval()
        {
            var level = Estimate() ?? LowMark;
            var target = LowMark / 2.0;
            var speed = Math.Max(0.5, Math.Min(2.0, 1 + (level - target) / Math.Max(1.0, LowMark)));
            return TimeSpan.FromSeconds(1 / (RefillPerSecond * speed));
        }

        /// <summary>
        /// What the service's budget holds now, as far as this process can tell: the last reported figure less the requests
        /// sent since the one that reported it (each takes a token; the refill since is left out, to err on the safe side).
        /// </summary>
        int? Estimate() => remaining.HasValue ? remaining.Value - (int)(sent - applied) : (int?)null;

        /// <summary>Pace once the estimate is at the low mark: counting the requests in flight, so a wide window cannot overshoot it.</summary>
        bool IsLow() => Estimate() is int level && level <= LowMark;

        /// <summary>
        /// A request entered earlier (<paramref name="ticket"/> from <see cref="EnterAsync"/>) is answered (<paramref name="status"/>)
        /// or failed without an answer (null). Budget headers are read in send order: an answer overtaken by a later-sent
        /// request's answer reports an older budget and is ignored.
        /// </summary>
        internal void Leave(long ticket, int? status, TimeSpan? retryAfter, int? remainingBudget)
        {
            lock (sync)
            {
                // Widen only a window that was full: a window the callers never fill says nothing about the service.
                var full = inFlight >= window;
                inFlight--;
                var now = DateTimeOffset.UtcNow;
                if (status == 429)
                {
                    throttles++;
                    // One halving per throttling episode: the 429s of requests sent together count once.
                    if (now >= closedUntil) window = Math.Max(1, window / 2);
                    var until = now + (retryAfter ?? DefaultRetryAfter);
                    if (until > closedUntil) closedUntil = until;
                }
                else if (status.HasValue && status.Value < 500 && full && now >= closedUntil && window < MaxWindow)
                {
                    window++;
                }
                if (remainingBudget.HasValue && ticket > applied)
                {
                    applied = ticket;
                    remaining = remainingBudget;
                }
                Pulse();
            }
        }

        /// <summary>Wakes the sends waiting at the gate, if any (none, mostly: then nothing is allocated).</summary>
        void Pulse()
        {
            if (sleepers == 0) return;
            var old = changed;
            changed = NewSignal();
            old.TrySetResult(true);
        }

        static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        public override string ToString() =>
            $"{Kind}: window {Window}, in flight {InFlight}, throttled {ThrottleCount}x, remaining {Remaining?.ToString() ?? "?"}{(IsPacing ? ", pacing" : "")}";
    }
}
