using System.Management.Automation;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>
    /// Disconnect-BackupVault: forgets this session's context, and with it the credential and its cached
    /// token. Cmdlets then ask for Connect-BackupVault again. Nothing changes in Azure.
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "BackupVault")]
    [OutputType(typeof(BackupContext))]
    public sealed class DisconnectBackupVaultCommand : BackupCmdletBase
    {
        /// <summary>Emit the context that was disconnected.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void Process()
        {
            var context = BackupSession.Current;
            BackupSession.Current = null;
            if (context == null) WriteVerbose("Not connected: nothing to disconnect.");
            else if (PassThru.IsPresent) WriteObject(context);
        }
    }
}
