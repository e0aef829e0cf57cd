using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Client.Ids;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>Stop-BackupJob: asks the service to cancel jobs in progress. With -Wait, emits each job once Cancelled.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "BackupJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByObject)]
    [OutputType(typeof(BackupOperation), typeof(BackupJob))]
    public sealed class StopBackupJobCommand : AsyncOperationCmdlet
    {
        const string ByObject = "ByObject";
        const string ById = "ById";

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByObject)]
        public BackupJob Job { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ById)]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string JobId { get; set; }

        protected override void Process()
        {
            var id = Job?.JobId ?? Inputs.PathName(JobId, ArmNameKind.Job, nameof(JobId));
            ForItem((object)Job ?? id, "StopJobFailed", () =>
            {
                RequireConnectedVault(Job, nameof(Job));
                var vault = Context.VaultId;
                var job = Job ?? Run((client, ct) => client.GetJobAsync(vault, id, ct));
                if (!ShouldProcess($"job {job.JobId} ({job.Operation} of '{job.EntityFriendlyName}')", "Cancel")) return;
                Start((object)Job ?? id, "StopJobFailed", (client, ct) => client.CancelJobAsync(job, ct));
            });
        }
    }
}
