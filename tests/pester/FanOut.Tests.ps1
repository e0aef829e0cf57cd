#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Scale beyond one process is the job runner's: a parent starts one child per vault, as an Automation
# parent runbook starts child jobs (docs/automation.md). Here the children are 'pwsh -File' processes
# running the example runbook against one emulator that hosts two vaults in two subscriptions; the
# emulator's ledger proves every database was protected and backed up once, none twice.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    . (Join-Path $PSScriptRoot 'RunbookProcess.ps1')
    Import-Module $script:ModuleManifest -Force
    $seed = Join-Path $PSScriptRoot 'seeds/two-subscriptions.json'
    $script:Emulator = Start-BackupEmulator -EmulatorDll $script:EmulatorDll -Port 0 -LogDirectory ([System.IO.Path]::GetTempPath()) `
        -Settings @('--seed', $seed, '--operation-seconds', '0.5', '--job-seconds', '1', '--retry-after', '1')
    $script:Url = $script:Emulator.Url
    # Each vault, its subscription, its SQL server and the databases the seed gives that server.
    $script:Batches = @(
        [pscustomobject]@{ VaultId = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/BackupsEast/providers/Microsoft.RecoveryServices/vaults/VaultEast'
                           ServerName = 'sqlserver-east'; Databases = @('InventoryDB', 'OrdersDB', 'SalesDB') }
        [pscustomobject]@{ VaultId = '/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/BackupsWest/providers/Microsoft.RecoveryServices/vaults/VaultWest'
                           ServerName = 'sqlserver-west'; Databases = @('AuditDB', 'PayrollDB', 'SalesDB') }
    )
    $script:Ledgers = @()
    $script:Runs = @()
}

AfterAll {
    foreach ($run in $script:Runs) { Stop-RunbookProcess $run }
    Stop-BackupEmulator -Emulator $script:Emulator
    $script:Ledgers | Remove-Item -Force -ErrorAction SilentlyContinue
    Remove-Module BackupCmdlets -ErrorAction SilentlyContinue
}

Describe 'Fan-out: one child process per vault, two vaults in two subscriptions' {
    It 'protects and backs up every database of each vault once, all children at the same time' {
        # The parent: start every child, then wait for all of them.
        $script:Runs = foreach ($batch in $script:Batches) {
            $ledger = Join-Path ([System.IO.Path]::GetTempPath()) "backupcmdlets-fanout-$PID-$(($batch.VaultId -split '/')[-1]).jsonl"
            Remove-Item -Path $ledger -Force -ErrorAction SilentlyContinue
            $script:Ledgers += $ledger
            Start-RunbookProcess -Url $script:Url -VaultId $batch.VaultId -ServerName $batch.ServerName -LedgerPath $ledger
        }
        $results = foreach ($run in $script:Runs) { Wait-RunbookProcess $run }
        foreach ($result in $results) {
            $result.ExitCode | Should -Be 0 -Because $result.Text
            $result.Text | Should -Match 'batch complete: 3 database\(s\)'
        }

        # The service's record, across both vaults: six databases, each protected once and backed up once.
        $ledger = Get-EmulatorLedger $script:Url
        $started = @($ledger | Where-Object event -eq 'BackupStarted' | Group-Object subject)
        $protected = @($ledger | Where-Object event -eq 'ProtectedItemCreated' | Group-Object subject)
        $started.Count | Should -Be 6
        $protected.Count | Should -Be 6
        @($started | Where-Object Count -ne 1 | ForEach-Object Name) | Should -BeNullOrEmpty -Because 'no backup may be doubled'
        @($protected | Where-Object Count -ne 1 | ForEach-Object Name) | Should -BeNullOrEmpty
        # Each server's databases, and only those, were backed up (SalesDB is on both servers).
        foreach ($batch in $script:Batches) {
            $ofServer = @($started.Name | Where-Object { $_ -like "*;$($batch.ServerName)/*" })
            $ofServer.Count | Should -Be 3
        }
    }

    It 'reads each vault from a parallel runspace of one process, with the contexts Connect-BackupVault returned' {
        # The one-machine form of the fan-out (docs/automation.md): a context per vault, handed to
        # ForEach-Object -Parallel, where Connect-BackupVault -Context takes it from the pipeline.
        $contexts = foreach ($batch in $script:Batches) {
            Connect-BackupVault -Environment Emulator -ResourceManagerUrl $script:Url -VaultId $batch.VaultId
        }
        $manifest = $script:ModuleManifest # the packaged module is not on PSModulePath: each runspace imports it
        $seen = $contexts | ForEach-Object -ThrottleLimit 2 -Parallel {
            Import-Module $using:manifest
            $_ | Connect-BackupVault | Out-Null
            [pscustomobject]@{
                VaultId   = (Get-BackupContext).VaultId.Id
                Databases = @(Get-BackupProtectedItem -WorkloadType SQLDataBase | Where-Object ProtectionState -eq 'Protected' | ForEach-Object FriendlyName | Sort-Object)
                Jobs      = @(Get-BackupJob -Operation Backup -Status Completed).Count
            }
        }
        foreach ($batch in $script:Batches) {
            $vault = @($seen | Where-Object VaultId -eq $batch.VaultId)
            $vault.Count | Should -Be 1
            $vault[0].Databases | Should -Be $batch.Databases -Because 'a vault sees only its own subscription''s server'
            $vault[0].Jobs | Should -Be 3
        }
    }
}
