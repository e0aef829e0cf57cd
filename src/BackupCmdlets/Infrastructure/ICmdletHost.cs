using System;
using System.Management.Automation;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>
    /// Everything a cmdlet says to its caller. In PowerShell it is the cmdlet's own Write* methods;
    /// in tests a recorder, because PowerShellStandard's stand-in assembly does nothing with output.
    /// </summary>
    internal interface ICmdletHost
    {
        void WriteObject(object value);
        void WriteError(Exception exception, string errorId, ErrorCategory category, object target);
        void WriteVerbose(string text);
        void WriteWarning(string text);
        void WriteProgress(int activityId, string activity, string status, int percentComplete, bool completed);
        bool ShouldProcess(string target, string action);

        /// <summary>Stops the pipeline; never returns.</summary>
        void ThrowTerminatingError(Exception exception, string errorId, ErrorCategory category, object target);
    }

    /// <summary>The production host: forwards to the PowerShell runtime.</summary>
    internal sealed class PowerShellHost : ICmdletHost
    {
        readonly PSCmdlet cmdlet;

        public PowerShellHost(PSCmdlet cmdlet) => this.cmdlet = cmdlet;

        public void WriteObject(object value) => cmdlet.WriteObject(value);
        public void WriteError(Exception exception, string errorId, ErrorCategory category, object target) =>
            cmdlet.WriteError(ErrorRecords.Create(exception, errorId, category, target));
        public void WriteVerbose(string text) => cmdlet.WriteVerbose(text);
        public void WriteWarning(string text) => cmdlet.WriteWarning(text);

        public void WriteProgress(int activityId, string activity, string status, int percentComplete, bool completed) =>
            cmdlet.WriteProgress(new ProgressRecord(activityId, activity, string.IsNullOrEmpty(status) ? " " : status)
            {
                PercentComplete = Math.Max(-1, Math.Min(100, percentComplete)),
                RecordType = completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            });

        public bool ShouldProcess(string target, string action) => cmdlet.ShouldProcess(target, action);

        public void ThrowTerminatingError(Exception exception, string errorId, ErrorCategory category, object target) =>
            cmdlet.ThrowTerminatingError(ErrorRecords.Create(exception, errorId, category, target));
    }
}
