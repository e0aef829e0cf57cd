using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>
    /// Waits for many things at once (operations, jobs), each on its own schedule, and writes each
    /// result the moment it is ready: N waits take about as long as the slowest, not the sum.
    /// Output and progress are written only from the pipeline thread, as PowerShell requires.
    /// </summary>
    internal sealed class ConcurrentWaiter<T> where T : class
    {
        readonly BackupCmdletBase cmdlet;
        readonly string activity;
        readonly int progressId;
        readonly Func<T, CancellationToken, Task<object>> wait;
        readonly Func<T, string> describe;
        readonly List<(T Item, Task<object> Task)> pending = new List<(T, Task<object>)>();
        int total;
        int done;

        public ConcurrentWaiter(BackupCmdletBase cmdlet, string activity, int progressId, Func<T, CancellationToken, Task<object>> wait, Func<T, string> describe)
        {
            this.cmdlet = cmdlet;
            this.activity = activity;
            this.progressId = progressId;
            this.wait = wait;
            this.describe = describe;
        }

        /// <summary>The waits still running, for a caller that blocks on other work too and must wake when one ends.</summary>
        public IEnumerable<Task> Running => pending.Select(p => (Task)p.Task);

        public void Add(T item)
        {
            if (item == null) return;
            var token = cmdlet.CancelToken;
            pending.Add((item, cmdlet.Offload(() => wait(item, token))));
            total++;
            cmdlet.WriteVerbose($"Waiting for {describe(item)}.");
            Drain(block: false);
        }

        /// <summary>Writes every result that is ready; with <paramref name="block"/>, until none is left.</summary>
        public void Drain(bool block)
        {
            while (pending.Count > 0)
            {
                var index = Task.WaitAny(pending.Select(p => (Task)p.Task).ToArray(), block ? 250 : 0);
                cmdlet.FlushTrace();
                if (index < 0)
                {
                    if (!block) return;
                    cmdlet.WriteProgress(progressId, activity, $"{done} of {total} done; waiting for {describe(pending[0].Item)}", done * 100 / Math.Max(1, total), completed: false);
                    continue;
                }
                var (item, task) = pending[index];
                pending.RemoveAt(index);
                done++;
                if (task.IsFaulted) cmdlet.ReportError(task.Exception.GetBaseException(), item, "WaitFailed");
                else if (task.IsCanceled) cmdlet.ReportError(new OperationCanceledException(), item, "WaitCanceled");
                else cmdlet.WriteObject(task.Result ?? item); // what finished binds to the next cmdlet; if it produced nothing, the item itself
            }
            if (block && total > 0) cmdlet.WriteProgress(progressId, activity, "Done", 100, completed: true);
        }
    }
}
