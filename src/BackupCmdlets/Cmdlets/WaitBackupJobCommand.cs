using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>
    /// Wait-BackupJob: waits for jobs, all at once, until each ends. A Failed or Cancelled job is an
    /// error carrying the job and its error details; the other jobs go on. A job saved in another process
    /// (Export-Clixml, ConvertTo-Json), or only its id, binds to -JobId: the job is read again from the vault.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "BackupJob", DefaultParameterSetName = ByObject)]
    [OutputType(typeof(BackupJob))]
    public sealed class WaitBackupJobCommand : BackupCmdletBase
    {
        const string ByObject = "Job";
        const string ById = "JobId";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByObject)]
        public BackupJob[] Job { get; set; }

        /// <summary>Job ids in the connected vault (GUIDs), or jobs' full ids; binds from any object with a JobId, as Get-BackupJob does.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ById)]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string[] JobId { get; set; }

        /// <summary>How long a job is waited for unless -Timeout says otherwise: a day, so a stuck job cannot hang a runbook for ever.</summary>
        public const int DefaultTimeoutSeconds = 86400;

        /// <summary>Seconds to wait for each job.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = DefaultTimeoutSeconds;

        /// <summary>Seconds between polls of a job, fixed; without it the interval adapts to the job (a tenth of its running time, 2 to 60 s).</summary>
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
            if (ParameterSetName == ById)
            {
                var vault = Context.VaultId;
                foreach (var id in JobId ?? new string[0])
                    ForItem(id, "GetJobFailed", () =>
                    {
                        var jobId = JobIdIn(vault, id);
                        waiter.Add(Run((client, ct) => client.GetJobAsync(vault, jobId, ct))); // one read; then polled with the others
                    });
                return;
            }
            foreach (var job in Job ?? new BackupJob[0]) waiter.Add(job);
        }

        /// <summary>The job id of a GUID or of a job's full id, which must lie in the connected vault; refused before any request.</summary>
        static string JobIdIn(BackupCmdlets.Client.Ids.VaultId vault, string id)
        {
            if (BackupCmdlets.Client.Ids.ArmResourceId.TryParse(id, out var full))
            {
                var after = full.SegmentsAfterVault();
                if (full.Vault == null || after.Count != 2 || !string.Equals(after[0], "backupJobs", System.StringComparison.OrdinalIgnoreCase))
                    throw new System.ArgumentException($"-JobId '{id}' is neither a job id nor the full id of a backup job.", nameof(JobId));
                if (!full.Vault.Equals(vault))
                    throw new System.ArgumentException($"-JobId: job {full.Name} belongs to vault '{full.Vault.Name}', not to the connected vault '{vault.Name}'. Connect to that vault first.", nameof(JobId));
                id = full.Name;
            }
            return Inputs.PathName(id, BackupCmdlets.Client.Ids.ArmNameKind.Job, nameof(JobId));
        }

        // A finished wait goes downstream at every input and while a read blocks, not only when a new wait is added.
        internal override void Pump() => waiter?.Drain(block: false);

        protected override void End() => waiter?.Drain(block: true);
    }
}
