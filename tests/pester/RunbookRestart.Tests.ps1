#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# A long batch killed mid-way and started again, as Azure Automation does to a job it unloads
# (fair share) or a worker that dies: the example runbook's ledger makes the second run resume, so every
# database ends protected and backed up exactly once (docs/automation.md).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    . (Join-Path $PSScriptRoot 'RunbookProcess.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:Emulator = Start-TestEmulator
    $script:Url = $script:Emulator.Url
    $vault = Get-VaultParameters -Url $script:Url
    Connect-BackupVault @vault | Out-Null
    $script:VaultId = (Get-BackupContext).VaultId.Id
    $script:Ledger = Join-Path ([System.IO.Path]::GetTempPath()) "backupcmdlets-ledger-$PID.jsonl"
    Remove-Item -Path $script:Ledger -Force -ErrorAction SilentlyContinue

    function Set-Fault([hashtable] $Rule) {
        Invoke-RestMethod -Method Put -Uri "$script:Url/emulator/faults" -ContentType 'application/json' `
            -Body (ConvertTo-Json -InputObject @($Rule)) | Out-Null
    }
    function Start-Batch { Start-RunbookProcess -Url $script:Url -VaultId $script:VaultId -ServerName sqlserver-0 -LedgerPath $script:Ledger }
    function Get-Steps([string] $Step) { @(Get-RunbookLedger $script:Ledger | Where-Object Step -eq $Step) }
    function Get-Started { @(Get-EmulatorLedger $script:Url | Where-Object event -eq 'BackupStarted') }
}

AfterAll {
    if ($script:Run) { Stop-RunbookProcess $script:Run }
    Stop-BackupEmulator -Emulator $script:Emulator
    Remove-Item -Path $script:Ledger -Force -ErrorAction SilentlyContinue
    Remove-Module BackupCmdlets -ErrorAction SilentlyContinue
}

Describe 'A batch runbook killed mid-batch and started again' {
    It 'resumes from its ledger: a trigger answered after the kill is found, one never served is sent, none is doubled' {
        # Kill 1, the interesting case: the service has started the third backup, but its answer is
        # held (a Delay fault after the work), so the runbook dies having recorded the intent only.
        Set-Fault @{ kind = 'Delay'; method = 'POST'; pathPattern = '/protectedItems/[^/]+/backup$'; skip = 2; times = 1; phase = 'After'; delayMilliseconds = 120000 }
        $script:Run = Start-Batch
        Wait-Until -What 'the third backup to start' -Run $script:Run -Condition { @(Get-Started).Count -ge 3 }
        Stop-RunbookProcess $script:Run
        @(Get-Steps Intent).Count | Should -Be 3
        @(Get-Steps Job).Count | Should -Be 2 -Because 'the third trigger''s answer never reached the runbook'
        $held = @(Get-Steps Intent)[2].Item

        # Kill 2: the next run records its intent for the fourth database, but the trigger is held at
        # the service's front door (a Delay fault before the work) and dies with the process, unserved.
        Set-Fault @{ kind = 'Delay'; method = 'POST'; pathPattern = '/protectedItems/[^/]+/backup$'; times = 1; phase = 'Before'; delayMilliseconds = 120000 }
        $script:Run = Start-Batch
        Wait-Until -What 'the fourth intent' -Run $script:Run -Condition { @(Get-Steps Intent).Count -ge 4 }
        Stop-RunbookProcess $script:Run
        $unserved = @(Get-Steps Intent)[3].Item
        @(Get-Started).Count | Should -Be 3 -Because 'the fourth trigger never reached the service'

        # The third run finishes the batch.
        Invoke-RestMethod -Method Delete -Uri "$script:Url/emulator/faults" | Out-Null
        $script:Run = Start-Batch
        $result = Wait-RunbookProcess $script:Run
        $result.ExitCode | Should -Be 0 -Because $result.Text
        $result.Text | Should -Match "not started: $([regex]::Escape($unserved))"
        $result.Text | Should -Match 'batch complete: 5 database\(s\)'

        # The service's own record: every database protected once and backed up exactly once.
        $ledger = Get-EmulatorLedger $script:Url
        $protected = @($ledger | Where-Object event -eq 'ProtectedItemCreated' | Group-Object subject)
        $started = @($ledger | Where-Object event -eq 'BackupStarted' | Group-Object subject)
        $protected.Count | Should -Be 5
        $started.Count | Should -Be 5
        @($started | Where-Object Count -ne 1 | ForEach-Object Name) | Should -BeNullOrEmpty -Because 'no backup may be doubled'
        @($protected | Where-Object Count -ne 1 | ForEach-Object Name) | Should -BeNullOrEmpty
        # The held trigger's backup is the job the second run found and recorded (keys compare without case).
        $heldStart = @($ledger | Where-Object { $_.event -eq 'BackupStarted' -and $_.subject -eq $held })
        $heldStart.Count | Should -Be 1
        @(Get-Steps Job | Where-Object Item -eq $held | ForEach-Object JobId) | Should -Be $heldStart[0].detail

        # The jobs the runbook waited for are the service's jobs, all completed, and each database is Protected.
        $jobs = @(Get-BackupJob -Operation Backup)
        $jobs.Count | Should -Be 5
        $jobs.Status | Sort-Object -Unique | Should -Be 'Completed'
        $done = @(Get-Steps Done)
        @($done | ForEach-Object JobId | Sort-Object) | Should -Be @($jobs | ForEach-Object JobId | Sort-Object)
        @(Get-BackupProtectedItem -WorkloadType SQLDataBase | Where-Object ProtectionState -eq 'Protected').Count | Should -Be 5
    }
}
