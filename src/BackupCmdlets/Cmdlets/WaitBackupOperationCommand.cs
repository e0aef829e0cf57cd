using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>
    /// Wait-BackupOperation: waits for operations, all at once, each polled at its own Retry-After,
    /// and emits what each produced (container, protected item, job) as soon as it is done.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "BackupOperation")]
    [OutputType(typeof(ProtectionContainer), typeof(ProtectedItem), typeof(BackupJob), typeof(BackupOperation))]
    public sealed class WaitBackupOperationCommand : BackupCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public BackupOperation[] Operation { get; set; }

        /// <summary>Seconds to wait for each operation; one not done by then is reported and can be waited on again.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        ConcurrentWaiter<BackupOperation> waiter;

        protected override void Process()
        {
            if (Timeout < 0) throw new System.ArgumentException("-Timeout must be a positive number of seconds.", nameof(Timeout));
            if (waiter == null) waiter = Waiters.ForOperations(this, Inputs.Timeout(Timeout));
            foreach (var op in Operation ?? new BackupOperation[0]) waiter.Add(op);
        }

        protected override void End() => waiter?.Drain(block: true);
    }
}
