using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>
    /// Wait-BackupJob: waits for jobs, all at once, until each ends. A Failed or Cancelled job is an
    /// error carrying the job and its error details; the other jobs go on.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "BackupJob")]
    [OutputType(typeof(BackupJob))]
    public sealed class WaitBackupJobCommand : BackupCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public BackupJob[] Job { get; set; }

        /// <summary>How long a job is waited for unless -Timeout says otherwise: a day, so a stuck job cannot hang a runbook for ever.</summary>
        public const int DefaultTimeoutSeconds = 86400;

        /// <summary>Seconds to wait for each job.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = DefaultTimeoutSeconds;

        /// <summary>Seconds between polls of a job (jobs carry no Retry-After). Default 15.</summary>
        [Parameter]
        [ValidateRange(0.1, 3600.0)]
        public double PollInterval { get; set; }

        ConcurrentWaiter<BackupJob> waiter;

        protected override void Process()
        {
            if (PollInterval < 0) throw new System.ArgumentException("-PollInterval must be a positive number of seconds.", nameof(PollInterval));
            if (Timeout < 0) throw new System.ArgumentException("-Timeout must be a positive number of seconds.", nameof(Timeout));
            if (waiter == null)
                waiter = Waiters.ForJobs(this, Inputs.Timeout(Timeout), PollInterval > 0 ? System.TimeSpan.FromSeconds(PollInterval) : (System.TimeSpan?)null);
            foreach (var job in Job ?? new BackupJob[0]) waiter.Add(job);
        }

        protected override void End() => waiter?.Drain(block: true);
    }
}
