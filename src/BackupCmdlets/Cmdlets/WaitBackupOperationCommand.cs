using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>
    /// Wait-BackupOperation: waits for operations, all at once, each polled at its own Retry-After,
    /// and emits what each produced (container, protected item, job) as soon as it is done.
    /// An operation saved in another process (Export-Clixml, ConvertTo-Json) binds by property name;
    /// the same parameters let a script name one by hand. Waiting only reads: nothing is started again.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "BackupOperation", DefaultParameterSetName = ByObject)]
    [OutputType(typeof(ProtectionContainer), typeof(ProtectedItem), typeof(BackupJob), typeof(BackupOperation))]
    public sealed class WaitBackupOperationCommand : BackupCmdletBase
    {
        const string ByObject = "Operation";
        const string ByProperty = "Resume";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByObject)]
        public BackupOperation[] Operation { get; set; }

        /// <summary>What the operation does: it decides what the wait emits (Register: the container, Backup: the job, ...).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperty)]
        public BackupOperationKind Kind { get => (BackupOperationKind)kind; set => kind = (int)value; }

        // An int, not the client's enum: PowerShell loads the cmdlet types (and so the layout of their fields)
        // before the module's initializer can hand it the client from dependencies/. See ModuleInitializerTests.
        int kind;

        /// <summary>The full id of what the operation acts on; it names the vault, and the result is read from it.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperty)]
        public string TargetId { get; set; }

        /// <summary>The Azure-AsyncOperation URL the service gave.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperty)]
        [Alias("AzureAsyncOperationUrl")]
        public string StatusUrl { get; set; }

        /// <summary>The Location URL the service gave.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperty)]
        public string LocationUrl { get; set; }

        /// <summary>The operation's id, polled in the vault when no URL is given.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperty)]
        public string OperationId { get; set; }

        /// <summary>For a backup: the job it started, when already known.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperty)]
        public string JobId { get; set; }

        /// <summary>For a backup followed by Location only, saved by an earlier version: the item's jobs from before the trigger.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperty)]
        public string[] JobsBefore { get; set; }

        /// <summary>For a backup or a restore: when its trigger was sent, so the job it started is looked for among the item's jobs since.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperty)]
        public System.DateTime? TriggeredAt { get; set; }

        /// <summary>The name shown in messages and progress; the last segment of -TargetId when not given.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperty)]
        public string TargetName { get; set; }

        /// <summary>Seconds to wait for each operation; one not done by then is reported and can be waited on again.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        ConcurrentWaiter<BackupOperation> waiter;

        protected override void Process()
        {
            if (Timeout < 0) throw new System.ArgumentException("-Timeout must be a positive number of seconds.", nameof(Timeout));
            if (waiter == null) waiter = Waiters.ForOperations(this, Inputs.Timeout(Timeout));
            if (ParameterSetName == ByProperty)
            {
                // One saved operation per pipeline object: one that cannot be resumed is that object's error, the others go on.
                var client = Client;
                BackupOperation resumed = null;
                ForItem(TargetId, "CannotResumeOperation", () => resumed = client.ResumeOperation(Kind, TargetId, StatusUrl, LocationUrl, OperationId, JobId, JobsBefore, TargetName, Utc(TriggeredAt)));
                waiter.Add(resumed);
                return;
            }
            foreach (var op in Operation ?? new BackupOperation[0]) waiter.Add(op);
        }

        /// <summary>A time read back from JSON may say nothing of its zone: the module saves UTC, so take it as UTC.</summary>
        static System.DateTimeOffset? Utc(System.DateTime? t) =>
            t == null ? (System.DateTimeOffset?)null
            : t.Value.Kind == System.DateTimeKind.Unspecified ? new System.DateTimeOffset(t.Value, System.TimeSpan.Zero) : new System.DateTimeOffset(t.Value.ToUniversalTime(), System.TimeSpan.Zero);

        // A finished wait goes downstream at every input and while a read blocks, not only when a new wait is added.
        internal override void Pump() => waiter?.Drain(block: false);

        protected override void End() => waiter?.Drain(block: true);
    }
}
