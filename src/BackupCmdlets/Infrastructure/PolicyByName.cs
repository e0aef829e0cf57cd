using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>A -PolicyName looked up once, with the first item that binds (input PowerShell refuses sends no request).</summary>
    internal sealed class PolicyByName
    {
        BackupPolicy policy;

        public BackupPolicy Get(BackupCmdletBase cmdlet, string name, string parameter)
        {
            if (policy != null) return policy;
            var checkedName = Inputs.PathName(name, ArmNameKind.Policy, parameter);
            var vault = cmdlet.Context.VaultId;
            try { policy = cmdlet.Run((client, ct) => client.GetPolicyAsync(vault, checkedName, ct)); }
            catch (Client.BackupException e) { cmdlet.ThrowTerminatingError(e, ErrorRecords.IdOf(e, "PolicyNotFound"), ErrorRecords.CategoryOf(e), name); }
            return policy;
        }
    }
}
