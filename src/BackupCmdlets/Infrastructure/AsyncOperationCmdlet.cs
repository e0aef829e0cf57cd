using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Client.Tracing;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>
    /// Base of the cmdlets that start an asynchronous operation: they emit the <see cref="BackupOperation"/>
    /// at once, or with -Wait behave as if piped into Wait-BackupOperation (all waits run concurrently).
    /// -OperationVariable keeps every accepted operation where the caller can reach it even when the wait is
    /// stopped (Ctrl+C leaves no error record), so the work can be waited on again and never started twice.
    /// Writes: input is checked and ShouldProcess asked on the pipeline thread, then the request is sent on the
    /// pool and the next input taken; up to -ThrottleLimit requests are in flight, each answer written (in the
    /// order answers come) from the pipeline thread at its first chance.
    /// </summary>
    public abstract class AsyncOperationCmdlet : BackupCmdletBase
    {
        /// <summary>Writes in flight at once unless -ThrottleLimit says otherwise.</summary>
        public const int DefaultThrottleLimit = 8;

        ConcurrentWaiter<BackupOperation> waiter;
        List<BackupOperation> accepted;
        readonly List<Write> inFlight = new List<Write>(); // locked: Ctrl+C reads it from another thread

        /// <summary>Wait for the operation and emit what it produced instead of the operation.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: seconds to wait before giving up (the operation keeps running and can be waited on again).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        /// <summary>
        /// The name of a variable (without $) that receives each operation the moment the service accepts it,
        /// before any wait: like -OutVariable, but for the operations, whatever the output is.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string OperationVariable { get; set; }

        /// <summary>How many requests may be in flight at once; 1 sends them one after another, in input order.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        int limit;

        internal override void Starting()
        {
            // -ErrorAction Stop stops sending at the first failure; requests already in flight are answered and kept in
            // -OperationVariable. -ThrottleLimit 1 is the strict form: nothing is sent after a failing item.
            limit = ThrottleLimit;
            if (string.IsNullOrEmpty(OperationVariable)) return;
            if (OperationVariable.StartsWith("$", StringComparison.Ordinal))
                throw new ArgumentException($"-OperationVariable takes a variable's name without '$': -OperationVariable {OperationVariable.TrimStart('$')}.", nameof(OperationVariable));
            // Set before anything is sent, as -OutVariable is: an earlier run's operations never linger in it.
            accepted = new List<BackupOperation>();
            SessionState.PSVariable.Set(OperationVariable, accepted);
        }

        sealed class Write
        {
            public object Target;
            public string ErrorId;
            public Task<BackupOperation> Task;
            public int Recorded;
        }

        /// <summary>
        /// Sends one item's request on the pool (after its checks and ShouldProcess, done by the caller) and returns,
        /// unless -ThrottleLimit requests are now in flight: then it waits for one to be answered, writing meanwhile
        /// whatever has finished. A failed request is <paramref name="target"/>'s error; the others go on.
        /// </summary>
        internal void Start(object target, string errorId, Func<BackupClient, CancellationToken, Task<BackupOperation>> send)
        {
            var client = Client;
            var token = CancelToken;
            var write = new Write { Target = target, ErrorId = errorId, Task = SendUntilFirstAwait(() => send(client, token)) };
            lock (inFlight) inFlight.Add(write);
            // Refused before sending (the client's own checks): this item's error now, before the next item is sent.
            Settle(write.Task.IsFaulted ? 0 : limit - 1);
        }

        /// <summary>
        /// Runs <paramref name="send"/> on the pipeline thread up to its first wait (its input checks and the request's
        /// making, microseconds), so a check that fails does so at once; the rest runs on the pool with this cmdlet's trace.
        /// </summary>
        Task<BackupOperation> SendUntilFirstAwait(Func<Task<BackupOperation>> send)
        {
            var previous = RequestTrace.Current;
            RequestTrace.Current = TraceSink; // captured by the async method; restored so it is not left on the pipeline thread
            try { return send(); }
            catch (Exception e) { return Task.FromException<BackupOperation>(e); }
            finally { RequestTrace.Current = previous; }
        }

        internal override void Pump() => Settle(int.MaxValue);

        /// <summary>Writes every answered request and finished wait; then, while more than <paramref name="most"/> requests are in flight, waits and writes again.</summary>
        void Settle(int most)
        {
            while (true)
            {
                FlushTrace();
                if (CancelToken.IsCancellationRequested) throw new PipelineStoppedException();
                Write[] answered;
                int left;
                lock (inFlight)
                {
                    answered = inFlight.Where(w => w.Task.IsCompleted).ToArray();
                    foreach (var write in answered) inFlight.Remove(write); // exactly those: another may complete meanwhile
                    left = inFlight.Count;
                }
                // Recorded first: a failure that stops the pipeline must not lose the answers taken with it.
                foreach (var write in answered) Record(write);
                foreach (var write in answered) Finish(write);
                waiter?.Drain(block: false);
                if (left <= most) return;
                Task[] running;
                lock (inFlight) running = inFlight.Select(w => (Task)w.Task).ToArray();
                // Wake for an answer, for a finished wait (its result goes downstream now), or to show traces and notice Ctrl+C.
                Task.WaitAny(running.Concat(waiter?.Running ?? Enumerable.Empty<Task>()).ToArray(), 100);
            }
        }

        /// <summary>One answered request, on the pipeline thread: its operation is emitted (or waited on), or its failure is the item's error.</summary>
        void Finish(Write write)
        {
            var task = write.Task;
            Record(write);
            if (task.Status == TaskStatus.RanToCompletion)
            {
                Emit(task.Result);
                return;
            }
            var failure = task.IsCanceled ? new OperationCanceledException() : task.Exception.GetBaseException();
            // As ForItem does for a request sent on the pipeline thread: the service's answer, or this item being wrong.
            if (IsItemError(failure) || failure is OperationCanceledException)
                ReportError(failure, write.Target, write.ErrorId);
            else
                ExceptionDispatchInfo.Capture(failure).Throw(); // a defect: it stops the pipeline as it did before
        }

        /// <summary>Puts an accepted operation in -OperationVariable, once, from whichever thread sees it first.</summary>
        void Record(Write write)
        {
            if (accepted == null || write.Task.Status != TaskStatus.RanToCompletion || write.Task.Result == null) return;
            if (Interlocked.Exchange(ref write.Recorded, 1) != 0) return;
            lock (accepted) accepted.Add(write.Task.Result);
        }

        void Emit(BackupOperation operation)
        {
            if (operation == null) return;
            if (!Wait.IsPresent)
            {
                WriteObject(operation);
                return;
            }
            if (waiter == null) waiter = Waiters.ForOperations(this, Inputs.Timeout(Timeout));
            waiter.Add(operation);
        }

        /// <summary>
        /// Requests already sent may have been acted on: -OperationVariable must hold every one the service accepted, so it
        /// can be waited on again instead of sent twice. After a terminating error the answers are awaited (Ctrl+C cuts that
        /// short); after Ctrl+C those answered are recorded, and any answer that still arrives is recorded when it does.
        /// </summary>
        internal override void Halting(bool interrupted)
        {
            Write[] pending;
            lock (inFlight) pending = inFlight.ToArray();
            if (pending.Length == 0) return;
            if (!interrupted)
            {
                try { Task.WaitAll(pending.Select(w => (Task)w.Task).ToArray(), CancelToken); }
                catch (Exception) { } // failures and cancellation: nothing to record for those
            }
            foreach (var write in pending)
                write.Task.ContinueWith(_ => Record(write), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        protected override void End()
        {
            Settle(0);
            waiter?.Drain(block: true);
        }
    }
}
