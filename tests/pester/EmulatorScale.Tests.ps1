#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The emulator's scale settings from its command line, as a benchmark starts it: a seed from the generate-seed
# verb, ARM's throttling, latency per request kind and a fast clock. The README's workflow runs on it unchanged.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:Seed = Join-Path ([System.IO.Path]::GetTempPath()) "backupcmdlets-generated-$PID.json"
    & dotnet $script:EmulatorDll generate-seed --vms 3 --databases-per-vm 40 --out $script:Seed
    if ($LASTEXITCODE -ne 0) { throw "generate-seed exited with $LASTEXITCODE" }
    # Operations of 20 s and jobs of a minute, at 40 times real speed: half a second and a second and a half.
    $script:Emulator = Start-BackupEmulator -EmulatorDll $script:EmulatorDll -Port 0 -LogDirectory ([System.IO.Path]::GetTempPath()) `
        -Settings @('--seed', $script:Seed, '--operation-seconds', '20', '--job-seconds', '60', '--clock-speed', '40', '--retry-after', '1',
                    '--throttle', 'on', '--read-latency-ms', '20', '--write-latency-ms', '200', '--poll-latency-ms', '50', '--page-size', '25')
    $script:Url = $script:Emulator.Url
    $vault = Get-VaultParameters $script:Url
    Connect-BackupVault @vault | Out-Null
}

AfterAll {
    Stop-BackupEmulator -Emulator $script:Emulator
    Remove-Item -Path $script:Seed -Force -ErrorAction SilentlyContinue
    Remove-Module BackupCmdlets -ErrorAction SilentlyContinue
}

Describe 'The emulator at scale, set from its command line' {
    It 'runs the README workflow on a generated seed and lists every database of every VM across pages' {
        Invoke-BackupContainerRefresh -BackupManagementType AzureWorkload | Wait-BackupOperation | Out-Null
        $containers = @(Get-BackupProtectableContainer |
            Register-BackupContainer -WorkloadType SQLDataBase | Wait-BackupOperation |
            Invoke-BackupContainerInquiry | Wait-BackupOperation)
        $containers.Count | Should -Be 3

        $databases = @(Get-BackupProtectableItem -ProtectableItemType SQLDataBase)
        $databases.Count | Should -Be 120
        @($databases.Id | Sort-Object -Unique).Count | Should -Be 120
    }

    It 'ends a minute-long backup job in seconds at clock speed 40' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $job = Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlvm-00002 -Name db0007 |
            Enable-BackupProtection -PolicyName HourlyLogBackup -Wait |
            Start-BackupItem -BackupType Full -Wait | Wait-BackupJob -PollInterval 1
        $watch.Stop()
        $job.Status | Should -Be 'Completed'
        # At real speed the job alone takes 60 s; at 40 times, everything here takes a few.
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 45
    }

    It 'waits the write latency before answering each write, as its request log shows' {
        $log = Invoke-RestMethod -Uri "$($script:Url)/emulator/requests" # one array: unrolled by the pipe below
        $writes = @($log | Where-Object { $_.method -in 'PUT', 'POST' -and $_.path -like '/subscriptions/*' })
        $writes.Count | Should -BeGreaterThan 5
        foreach ($w in $writes) {
            ([DateTimeOffset]$w.servedUntil - [DateTimeOffset]$w.servedFrom).TotalMilliseconds | Should -BeGreaterOrEqual 180
        }
    }
}
