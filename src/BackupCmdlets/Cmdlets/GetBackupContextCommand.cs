using System.Management.Automation;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>Get-BackupContext: the vault, cloud and sign-in this session works with; never a secret. Nothing when not connected.</summary>
    [Cmdlet(VerbsCommon.Get, "BackupContext")]
    [OutputType(typeof(BackupContext))]
    public sealed class GetBackupContextCommand : BackupCmdletBase
    {
        protected override void Process()
        {
            var context = BackupSession.Current;
            if (context != null) WriteObject(context);
        }
    }
}
