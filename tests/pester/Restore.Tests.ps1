#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Restore, as a user types it: the packaged module against an emulator process whose seed (the default one
# plus a second SQL VM, sqlserver-dr) gives a restore somewhere else to go.
# Run with: dotnet pwsh ./build.ps1 -Task Pester

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    Import-Module $script:ModuleManifest -Force
    $seed = Get-Content (Join-Path $script:RepoRoot 'src/BackupCmdlets.Emulator/Seed/default-seed.json') -Raw | ConvertFrom-Json -DateKind String
    $seed.virtualMachines += [pscustomobject]@{
        resourceGroup = 'SQLServerPMDemo'; name = 'sqlserver-dr'; hostServerName = 'sqlserver-dr.shopkart.com'
        sqlInstances  = @([pscustomobject]@{ name = 'MSSQLSERVER'; databases = @('master', 'model', 'msdb') })
    }
    $script:SeedFile = Join-Path ([System.IO.Path]::GetTempPath()) "restore-seed-$PID.json"
    $seed | ConvertTo-Json -Depth 32 | Set-Content $script:SeedFile
    $script:Emulator = Start-BackupEmulator -EmulatorDll $script:EmulatorDll -Port 0 -LogDirectory ([System.IO.Path]::GetTempPath()) `
        -Settings @('--operation-seconds', '0.5', '--job-seconds', '1', '--retry-after', '1', '--seed', $script:SeedFile)
    $connect = Get-VaultParameters -Url $script:Emulator.Url
    Connect-BackupVault @connect | Out-Null
}

AfterAll {
    Stop-BackupEmulator -Emulator $script:Emulator
    Remove-Item $script:SeedFile -ErrorAction SilentlyContinue
    Remove-Module BackupCmdlets -ErrorAction SilentlyContinue
}

Describe 'Restoring a SQL database to a point in time on another VM' {
    BeforeAll {
        Invoke-BackupContainerRefresh -Wait | Out-Null
        Register-BackupContainer -FriendlyName sqlserver-0 -Wait | Invoke-BackupContainerInquiry -Wait | Out-Null
        $script:Target = Register-BackupContainer -FriendlyName sqlserver-dr -Wait | Invoke-BackupContainerInquiry -Wait
        $script:Item = Get-BackupProtectableItem -FriendlyName SalesDB | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait
    }

    It 'backs up full, then log' {
        ($script:Item | Start-BackupItem -BackupType Full -Wait | Wait-BackupJob -PollInterval 0.5).Status | Should -Be 'Completed'
        ($script:Item | Start-BackupItem -BackupType Log -Wait | Wait-BackupJob -PollInterval 0.5).Status | Should -Be 'Completed'
    }

    It 'lists the full point and the log chain with its range' {
        $points = $script:Item | Get-BackupRecoveryPoint
        $points.Count | Should -Be 2
        ($points | Where-Object { -not $_.IsPointInTime }).RecoveryPointType | Should -Be 'Full'
        $script:Chain = $script:Item | Get-BackupRecoveryPoint -LogChain
        $script:Chain.ObjectType | Should -Be 'AzureWorkloadSQLPointInTimeRecoveryPoint'
        $script:Chain.TimeRanges.Count | Should -Be 1
        $range = $script:Chain.TimeRanges[0]
        $range.Start | Should -Be ($points | Where-Object { -not $_.IsPointInTime }).RecoveryPointTime
        $range.End | Should -BeGreaterThan $range.Start
        $shown = $script:Chain | Out-String -Width 80
        $shown | Should -Match 'LogRange'
        $shown -split "`n" | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
    }

    It 'refuses a time outside every range before sending anything, naming the range' {
        $late = $script:Chain.TimeRanges[0].End.AddDays(1)
        { $script:Chain | Restore-BackupItem -PointInTime $late -TargetContainer $script:Target -TargetDatabaseName Late -Confirm:$false -ErrorAction Stop } |
            Should -Throw '*outside every log range*Nearest*'
        Get-BackupJob -Operation Restore | Should -BeNullOrEmpty
    }

    It 'restores to a point in time as a new database on sqlserver-dr: the operation, then the restore job' {
        $range = $script:Chain.TimeRanges[0]
        $when = $range.Start + [TimeSpan]::FromTicks(($range.End - $range.Start).Ticks / 2)
        $operation = $script:Chain | Restore-BackupItem -PointInTime $when -TargetContainer $script:Target -TargetDatabaseName SalesDB_pit `
            -DataDirectory 'G:\Data' -LogDirectory 'G:\Log' -Confirm:$false
        $operation.Kind | Should -Be 'Restore'
        $job = $operation | Wait-BackupOperation | Wait-BackupJob -PollInterval 0.5
        $job.Operation | Should -Be 'Restore'
        $job.Status | Should -Be 'Completed'
        $job.EntityFriendlyName | Should -Be 'SalesDB'
    }

    It 'finds the restored database after the next inquiry of sqlserver-dr' {
        Get-BackupProtectableItem | Where-Object FriendlyName -eq SalesDB_pit | Should -BeNullOrEmpty
        $found = $script:Target | Invoke-BackupContainerInquiry -Wait | Get-BackupProtectableItem -Name SalesDB_pit
        $found.ServerName | Should -Be 'sqlserver-dr.shopkart.com'
        $found.ProtectionState | Should -Be 'NotProtected'
    }

    It 'does nothing with -WhatIf' {
        $script:Chain | Restore-BackupItem -PointInTime $script:Chain.TimeRanges[0].End -OriginalLocation -WhatIf | Should -BeNullOrEmpty
        @(Get-BackupJob -Operation Restore).Count | Should -Be 1
    }
}
