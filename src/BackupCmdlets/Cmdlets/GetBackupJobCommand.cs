using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Client.Ids;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>Get-BackupJob: a job by id (binds from any object with a JobId), or the vault's jobs, filtered.</summary>
    [Cmdlet(VerbsCommon.Get, "BackupJob", DefaultParameterSetName = List)]
    [OutputType(typeof(BackupJob))]
    public sealed class GetBackupJobCommand : BackupCmdletBase
    {
        const string List = "List";
        const string ById = "ById";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ById, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string[] JobId { get; set; }

        [Parameter(ParameterSetName = List)]
        [ValidateSet("InProgress", "Completed", "Failed", "CompletedWithWarnings", "Cancelled", "Cancelling", IgnoreCase = true)]
        public string Status { get; set; }

        [Parameter(ParameterSetName = List)]
        [ValidateSet("Backup", "ConfigureBackup", "DeleteBackupData", "DisableBackup", "Register", "UnRegister", "Restore", "CrossRegionRestore", IgnoreCase = true)]
        public string Operation { get; set; }

        [Parameter(ParameterSetName = List)]
        [ValidateSet("AzureWorkload", "AzureIaasVM", "AzureStorage", IgnoreCase = true)]
        public string BackupManagementType { get; set; }

        /// <summary>Only jobs started at or after this time.</summary>
        [Parameter(ParameterSetName = List)]
        public System.DateTime? From { get; set; }

        /// <summary>Only jobs started at or before this time.</summary>
        [Parameter(ParameterSetName = List)]
        public System.DateTime? To { get; set; }

        protected override void Process()
        {
            var context = Context;
            if (JobId != null)
            {
                foreach (var id in JobId ?? new string[0])
                {
                    var jobId = Inputs.PathName(id, ArmNameKind.Job, nameof(JobId));
                    ForItem(jobId, "GetJobFailed", () => WriteObject(Run((client, ct) => client.GetJobAsync(context.VaultId, jobId, ct))));
                }
                return;
            }
            var status = Inputs.OneOf(Status, Inputs.JobStatuses, nameof(Status));
            var operation = Inputs.OneOf(Operation, Inputs.JobOperations, nameof(Operation));
            var type = Inputs.OneOf(BackupManagementType, Inputs.BackupManagementTypes, nameof(BackupManagementType));
            var from = From.HasValue ? Inputs.Utc(From.Value) : (System.DateTimeOffset?)null;
            var to = To.HasValue ? Inputs.Utc(To.Value) : (System.DateTimeOffset?)null;
            if (from > to) throw new System.ArgumentException($"-From {from:u} is after -To {to:u}.", nameof(From));
            // The service's time filter counts whole seconds: ask a second wider, keep the exact range.
            var grain = System.TimeSpan.FromSeconds(1);
            Stream(Client.ListJobsAsync(context.VaultId, status, operation, type, from - grain, to + grain),
                j => (from == null || j.StartTime >= from) && (to == null || j.StartTime <= to));
        }
    }
}
