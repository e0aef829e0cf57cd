using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Emulator;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// Runspaces and threads users create, and Ctrl+C. The connection is per runspace and read only on the
/// pipeline thread; these tests fail if work off that thread reaches for it (the bug that made every write
/// cmdlet say "Not connected" in PowerShell 7) or if a stop leaves a wait running.
/// </summary>
public class RunspaceThreadingTests
{
    const string ConnectTo = "Connect-BackupVault -Environment Emulator -ResourceManagerUrl $url -SubscriptionId 00000000-0000-0000-0000-000000000000 -ResourceGroupName SQLServerSelfHost -Name SQLServer2012";

    static async Task<EmulatorHost> FastEmulatorAsync(OffsetClock? clock = null, TimeSpan? jobDuration = null)
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(200);
        if (clock != null) settings.Clock = clock;
        if (jobDuration != null) settings.JobDuration = jobDuration.Value;
        return await TestEmulator.StartAsync(settings);
    }

    [Fact]
    public async Task Write_cmdlets_find_the_connection_made_in_the_same_runspace()
    {
        await using var emulator = await FastEmulatorAsync();
        using var ps = PowerShellSession.Connected(emulator, realConnect: true);

        // Each of these starts an operation: the request runs on a pool thread, the connection is read on the pipeline's.
        var run = ps.Run("""
            Invoke-BackupContainerRefresh | Wait-BackupOperation | Out-Null
            Register-BackupContainer -FriendlyName sqlserver-0 -WorkloadType SQLDataBase | Wait-BackupOperation |
                Invoke-BackupContainerInquiry -Wait
            """).AssertNoErrors();

        Assert.Equal("Success", Assert.Single(run.OutputOf<ProtectionContainer>()).InquiryStatus);
    }

    [Fact]
    public async Task ForEach_Object_Parallel_runspaces_each_use_their_own_connection()
    {
        await using var first = await FastEmulatorAsync();
        await using var second = await FastEmulatorAsync();
        using var ps = PowerShellSession.Connected(first, realConnect: true);

        var run = ps.Run($$"""
            $urls | ForEach-Object -ThrottleLimit 2 -Parallel {
                $url = $_
                Import-Module $using:manifest
                {{ConnectTo}} | Out-Null
                Invoke-BackupContainerRefresh -Wait | ForEach-Object { "$url $($_.Status)" }
            }
            """, ("urls", new[] { first.BaseUri.ToString(), second.BaseUri.ToString() }), ("manifest", PowerShellSession.ManifestPath)).AssertNoErrors();

        Assert.Equal(new[] { $"{first.BaseUri} Succeeded", $"{second.BaseUri} Succeeded" }.Order(), run.Output.Select(o => o.ToString()).Order());
        // Each runspace's refresh went to its own emulator, once.
        Assert.Single(first.Log.Entries, e => e.Method == "POST" && e.Path.EndsWith("/refreshContainers", StringComparison.OrdinalIgnoreCase));
        Assert.Single(second.Log.Entries, e => e.Method == "POST" && e.Path.EndsWith("/refreshContainers", StringComparison.OrdinalIgnoreCase));
        // The parent's connection is untouched by the children's.
        Assert.Equal(first.BaseUri, Assert.Single(ps.Run("Get-BackupContext").AssertNoErrors().OutputOf<Infrastructure.BackupContext>()).ResourceManagerUrl);
    }

    [Fact]
    public async Task A_parallel_runspace_that_did_not_connect_is_not_connected()
    {
        await using var emulator = await FastEmulatorAsync();
        using var ps = PowerShellSession.Connected(emulator, realConnect: true);

        var run = ps.Run("""
            1 | ForEach-Object -Parallel {
                Import-Module $using:manifest
                try { Get-BackupPolicy -ErrorAction Stop; 'listed' } catch { $_.FullyQualifiedErrorId }
            }
            """, ("manifest", PowerShellSession.ManifestPath));

        Assert.Equal("NotConnected,BackupCmdlets.Cmdlets.GetBackupPolicyCommand", Assert.Single(run.Output).ToString());
    }

    [Fact]
    public async Task A_runspace_the_user_opens_on_another_thread_connects_and_waits_on_its_own()
    {
        // What Start-ThreadJob does (it ships with pwsh, not with the SDK hosting this test; Pester runs it in pwsh).
        await using var emulator = await FastEmulatorAsync();
        using var ps = PowerShellSession.Start();

        var run = ps.Run($$"""
            $runspace = [runspacefactory]::CreateRunspace()
            $runspace.Open()
            $worker = [powershell]::Create()
            $worker.Runspace = $runspace
            $null = $worker.AddScript({
                param($manifest, $url)
                $ErrorActionPreference = 'Stop'
                Import-Module $manifest
                {{ConnectTo}} | Out-Null
                Invoke-BackupContainerRefresh | Wait-BackupOperation | ForEach-Object Status
            }).AddArgument($manifest).AddArgument($url)
            try { $worker.EndInvoke($worker.BeginInvoke()) } finally { $worker.Dispose(); $runspace.Dispose() }
            """, ("manifest", PowerShellSession.ManifestPath), ("url", emulator.BaseUri)).AssertNoErrors();

        Assert.Equal("Succeeded", Assert.Single(run.Output).ToString());
        // The worker's connection was its own: this runspace never connected.
        Assert.Empty(ps.Run("Get-BackupContext").AssertNoErrors().Output);
    }

    [Fact]
    public async Task Stop_ends_a_long_job_wait_at_once_and_the_job_can_be_waited_on_again()
    {
        var clock = new OffsetClock();
        await using var emulator = await FastEmulatorAsync(clock, jobDuration: TimeSpan.FromHours(1));
        using var ps = Workflow.Prepared.RegisteredAndInquired(emulator);
        var job = Assert.Single(ps.Run("""
            Get-BackupProtectableItem -Name msdb | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait |
                Start-BackupItem -Wait
            """).AssertNoErrors().OutputOf<BackupJob>());
        Assert.Equal("InProgress", job.Status); // an hour-long job: it ends only when the test moves the clock

        // Wait-BackupJob, then Ctrl+C.
        using (var waiting = ps.Prepare("Wait-BackupJob -Job $job -PollInterval 0.1", ("job", job)))
        {
            var invocation = waiting.BeginInvoke();
            Assert.False(invocation.AsyncWaitHandle.WaitOne(TimeSpan.FromMilliseconds(500)), "the wait ended before the job did");
            var stop = waiting.BeginStop(null, null);
            Assert.True(stop.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "Stop() did not end the wait");
            waiting.EndStop(stop);
            Assert.Equal(PSInvocationState.Stopped, waiting.InvocationStateInfo.State);
        }

        // The job went on in the service and can be waited on again in the same session.
        clock.Advance(TimeSpan.FromHours(2));
        var done = Assert.Single(ps.Run("Wait-BackupJob -Job $job -PollInterval 0.1", ("job", job)).AssertNoErrors().OutputOf<BackupJob>());
        Assert.Equal("Completed", done.Status);
        Assert.Equal(job.JobId, done.JobId);
    }

    [Fact]
    public async Task Stop_ends_an_operation_wait_and_the_operation_stays_waitable()
    {
        var clock = new OffsetClock();
        await using var emulator = await FastEmulatorAsync(clock);
        emulator.Settings.OperationDuration = TimeSpan.FromHours(1);
        using var ps = PowerShellSession.Connected(emulator);
        var operation = Assert.Single(ps.Run("Invoke-BackupContainerRefresh").AssertNoErrors().OutputOf<BackupOperation>());

        using (var waiting = ps.Prepare("$op | Wait-BackupOperation", ("op", operation)))
        {
            var invocation = waiting.BeginInvoke();
            Assert.False(invocation.AsyncWaitHandle.WaitOne(TimeSpan.FromMilliseconds(500)), "the wait ended before the operation did");
            waiting.Stop();
            Assert.Equal(PSInvocationState.Stopped, waiting.InvocationStateInfo.State);
        }

        clock.Advance(TimeSpan.FromHours(2));
        var done = Assert.Single(ps.Run("$op | Wait-BackupOperation", ("op", operation)).AssertNoErrors().OutputOf<BackupOperation>());
        Assert.Equal("Succeeded", done.Status);
    }
}
