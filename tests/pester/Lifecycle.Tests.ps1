#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The protection lifecycle as a user types it: stop keeping data, resume, change policy, and unregister a
# container, refused while it holds backup data and accepted once the data is deleted.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    Import-Module $script:ModuleManifest -Force

    # The default inventory with a second SQL policy to move to, and soft delete off, so deleted data goes at once
    # (the emulator's clock is not this process's to move; the xUnit tests cover the soft-delete period).
    $seed = Get-Content -Raw (Join-Path $script:RepoRoot 'src/BackupCmdlets.Emulator/Seed/default-seed.json') | ConvertFrom-Json
    $vault = $seed.vaults[0]
    $hourly = $vault.policies | Where-Object name -EQ 'HourlyLogBackup'
    $vault.policies += [pscustomobject]@{ name = 'DailySqlBackup'; properties = $hourly.properties }
    $vault | Add-Member -NotePropertyName softDeleteFeatureState -NotePropertyValue 'Disabled'
    $script:Seed = Join-Path ([System.IO.Path]::GetTempPath()) "backupcmdlets-lifecycle-seed-$PID.json"
    $seed | ConvertTo-Json -Depth 64 | Set-Content -Path $script:Seed -Encoding utf8

    $script:Emulator = Start-BackupEmulator -EmulatorDll $script:EmulatorDll -Port 0 -LogDirectory ([System.IO.Path]::GetTempPath()) `
        -Settings @('--operation-seconds', '0.5', '--job-seconds', '1', '--retry-after', '1', '--seed', $script:Seed)
    $params = Get-VaultParameters -Url $script:Emulator.Url
    Connect-BackupVault @params | Out-Null
    Invoke-BackupContainerRefresh -Wait | Out-Null
    Register-BackupContainer -FriendlyName sqlserver-0 -Wait | Invoke-BackupContainerInquiry -Wait | Out-Null
    Get-BackupProtectableItem -FriendlyName msdb | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait |
        Start-BackupItem -BackupType Full -Wait | Wait-BackupJob -PollInterval 0.5 | Out-Null
}

AfterAll {
    Stop-BackupEmulator -Emulator $script:Emulator
    if ($script:Seed) { Remove-Item -Path $script:Seed -Force -ErrorAction SilentlyContinue }
    Remove-Module BackupCmdlets -ErrorAction SilentlyContinue
}

Describe 'Stopping, resuming and changing protection' {
    It 'stops protection and keeps the recovery points' {
        $stopped = Get-BackupProtectedItem -Name msdb | Disable-BackupProtection -Confirm:$false -Wait
        $stopped.ProtectionState | Should -Be 'ProtectionStopped'
        $stopped.RecoveryPointCount | Should -Be 1
        @($stopped | Get-BackupRecoveryPoint).Count | Should -Be 1
        { $stopped | Start-BackupItem -BackupType Full -ErrorAction Stop } | Should -Throw '*stopped*'
    }

    It 'resumes protection with a policy' {
        $resumed = Get-BackupProtectedItem -Name msdb | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait
        $resumed.ProtectionState | Should -Be 'Protected'
        $resumed.PolicyName | Should -Be 'HourlyLogBackup'
    }

    It 'changes the policy' {
        $changed = Get-BackupProtectedItem -Name msdb | Set-BackupProtection -PolicyName DailySqlBackup -Wait
        $changed.PolicyName | Should -Be 'DailySqlBackup'
        (Get-BackupProtectedItem -Name msdb).PolicyName | Should -Be 'DailySqlBackup'
    }
}

Describe 'Unregistering a container' {
    It 'is refused while the container holds backup data, naming the items' {
        $container = Get-BackupContainer -FriendlyName sqlserver-0
        $err = $null
        $container | Unregister-BackupContainer -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'BMSUserErrorContainerHasDatasources,UnregisterFailed,*'
        $err[0].Exception.Message | Should -BeLike '*msdb*'
        Get-BackupContainer -FriendlyName sqlserver-0 | Should -Not -BeNullOrEmpty
    }

    It 'is accepted once the data is deleted' {
        Get-BackupProtectedItem -Name msdb | Disable-BackupProtection -RemoveRecoveryPoints -Confirm:$false -Wait | Out-Null
        Get-BackupProtectedItem -DeleteState All -WorkloadType SQLDataBase | Should -BeNullOrEmpty
        $done = Get-BackupContainer -FriendlyName sqlserver-0 | Unregister-BackupContainer -Confirm:$false -Wait
        $done.Status | Should -Be 'Succeeded'
        (Get-BackupProtectableContainer).FriendlyName | Should -Contain 'sqlserver-0'
    }
}
