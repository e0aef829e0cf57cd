using System;
using System.Management.Automation;
using BackupCmdlets.Client.Operations;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>
    /// Base of the cmdlets that start an asynchronous operation: they emit the <see cref="BackupOperation"/>
    /// at once, or with -Wait behave as if piped into Wait-BackupOperation (all waits run concurrently).
    /// </summary>
    public abstract class AsyncOperationCmdlet : BackupCmdletBase
    {
        ConcurrentWaiter<BackupOperation> waiter;

        /// <summary>Wait for the operation and emit what it produced instead of the operation.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: seconds to wait before giving up (the operation keeps running and can be waited on again).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        internal void Emit(BackupOperation operation)
        {
            if (!Wait.IsPresent)
            {
                WriteObject(operation);
                return;
            }
            if (waiter == null) waiter = Waiters.ForOperations(this, Inputs.Timeout(Timeout));
            waiter.Add(operation);
        }

        protected override void End() => waiter?.Drain(block: true);
    }
}
