#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Runspaces and threads that users create: ForEach-Object -Parallel and Start-ThreadJob (the
# Microsoft.PowerShell.ThreadJob module that ships with PowerShell 7). The connection belongs to the
# runspace that made it: each of them connects on its own, and starts operations that the module
# waits for off the pipeline thread.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:Emulator = Start-TestEmulator
    $script:Vault = Get-VaultParameters -Url $script:Emulator.Url
}

AfterAll {
    Stop-BackupEmulator -Emulator $script:Emulator
    Remove-Module BackupCmdlets -ErrorAction SilentlyContinue
}

Describe 'ForEach-Object -Parallel' {
    It 'connects in each parallel runspace and refreshes, waits and lists there' {
        Disconnect-BackupVault
        $manifest = $script:ModuleManifest
        $vault = $script:Vault
        $results = @('AzureWorkload', 'AzureIaasVM') | ForEach-Object -ThrottleLimit 2 -Parallel {
            $ErrorActionPreference = 'Stop'
            Import-Module $using:manifest
            $connect = ([hashtable] $using:vault).Clone()
            $context = Connect-BackupVault @connect
            $operation = Invoke-BackupContainerRefresh -BackupManagementType $_ -Wait
            [pscustomobject]@{
                Type      = $_
                Runspace  = [runspace]::DefaultRunspace.InstanceId
                Vault     = $context.VaultName
                Status    = $operation.Status
                Policies  = @(Get-BackupPolicy -BackupManagementType $_).Name
            }
        }
        $results = @($results | Sort-Object Type)
        $results.Count | Should -Be 2
        $results.Vault | Should -Be @('SQLServer2012', 'SQLServer2012')
        $results.Status | Should -Be @('Succeeded', 'Succeeded')
        $results[0].Policies | Should -Contain 'DailyVMPolicy'
        $results[1].Policies | Should -Contain 'HourlyLogBackup'
        $results[0].Runspace | Should -Not -Be $results[1].Runspace
        $results.Runspace | Should -Not -Contain ([runspace]::DefaultRunspace.InstanceId)
        # Their connections were theirs: this runspace is still not connected.
        Get-BackupContext | Should -BeNullOrEmpty
        { Get-BackupPolicy -ErrorAction Stop } | Should -Throw '*Connect-BackupVault*'
    }

    It 'does not lend this runspace''s connection to a parallel runspace' {
        Connect-BackupVault @script:Vault | Out-Null
        $manifest = $script:ModuleManifest
        $outcome = 1 | ForEach-Object -Parallel {
            Import-Module $using:manifest
            try { Get-BackupPolicy -ErrorAction Stop | Out-Null; 'listed' } catch { $_.Exception.Message }
        }
        $outcome | Should -BeLike '*Connect-BackupVault*'
        (Get-BackupPolicy -Name HourlyLogBackup).Name | Should -Be 'HourlyLogBackup'
    }
}

Describe 'Start-ThreadJob' {
    It 'connects in each thread job and refreshes, waits and lists there' {
        $manifest = $script:ModuleManifest
        $jobs = foreach ($type in 'AzureWorkload', 'AzureStorage') {
            Start-ThreadJob -ArgumentList $manifest, $script:Vault, $type -ScriptBlock {
                param($Manifest, $Vault, $Type)
                $ErrorActionPreference = 'Stop'
                Import-Module $Manifest
                $context = Connect-BackupVault @Vault
                $operation = Invoke-BackupContainerRefresh -BackupManagementType $Type -Wait
                [pscustomobject]@{
                    Type     = $Type
                    Runspace = [runspace]::DefaultRunspace.InstanceId
                    Vault    = $context.VaultName
                    Status   = $operation.Status
                    Policies = @(Get-BackupPolicy -BackupManagementType $Type).Name
                }
            }
        }
        $results = @($jobs | Receive-Job -Wait -AutoRemoveJob -ErrorAction Stop | Sort-Object Type)
        $results.Count | Should -Be 2
        $results.Vault | Should -Be @('SQLServer2012', 'SQLServer2012')
        $results.Status | Should -Be @('Succeeded', 'Succeeded')
        $results[0].Policies | Should -Contain 'DailyFileSharePolicy'
        $results[1].Policies | Should -Contain 'HourlyLogBackup'
        $results[0].Runspace | Should -Not -Be $results[1].Runspace
        # What the jobs discovered is there for this runspace too (same vault, same emulator).
        Connect-BackupVault @script:Vault | Out-Null
        (Get-BackupProtectableContainer -BackupManagementType AzureStorage).FriendlyName | Should -Contain 'shopkartfiles'
        (Get-BackupProtectableContainer -BackupManagementType AzureWorkload).FriendlyName | Should -Contain 'sqlserver-0'
    }
}
