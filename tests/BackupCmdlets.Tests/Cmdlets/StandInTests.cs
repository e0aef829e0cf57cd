#if STAND_IN_ENGINE // not yet ported to real runspaces (issue 8)
using BackupCmdlets.Cmdlets;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>Proves the seam works on the stand-in System.Management.Automation before anything relies on it.</summary>
[Collection(SessionCollection.Name)]
public class StandInTests
{
    [Fact]
    public void A_cmdlet_without_a_connection_stops_with_a_clear_error()
    {
        Infrastructure.BackupSession.Current = null;
        var e = Assert.Throws<TerminatingErrorException>(() => Pipeline.Run(new GetBackupPolicyCommand()));
        Assert.Contains("Connect-BackupVault", e.Message);
    }
}
#endif
