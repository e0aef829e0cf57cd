using System;
using System.Collections.Generic;
using System.Management.Automation;
using BackupCmdlets.Client.Operations;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>
    /// Base of the cmdlets that start an asynchronous operation: they emit the <see cref="BackupOperation"/>
    /// at once, or with -Wait behave as if piped into Wait-BackupOperation (all waits run concurrently).
    /// -OperationVariable keeps every accepted operation where the caller can reach it even when the wait is
    /// stopped (Ctrl+C leaves no error record), so the work can be waited on again and never started twice.
    /// </summary>
    public abstract class AsyncOperationCmdlet : BackupCmdletBase
    {
        ConcurrentWaiter<BackupOperation> waiter;
        List<BackupOperation> accepted;

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

        internal override void Starting()
        {
            if (string.IsNullOrEmpty(OperationVariable)) return;
            if (OperationVariable.StartsWith("$", StringComparison.Ordinal))
                throw new ArgumentException($"-OperationVariable takes a variable's name without '$': -OperationVariable {OperationVariable.TrimStart('$')}.", nameof(OperationVariable));
            // Set before anything is sent, as -OutVariable is: an earlier run's operations never linger in it.
            accepted = new List<BackupOperation>();
            SessionState.PSVariable.Set(OperationVariable, accepted);
        }

        internal void Emit(BackupOperation operation)
        {
            accepted?.Add(operation);
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
