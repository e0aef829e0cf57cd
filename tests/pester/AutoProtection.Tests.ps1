#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Auto-protection and availability groups: the packaged module against an emulator of this file's own
# (fresh inventory), with databases created through the emulator's control endpoint as a DBA would.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:Emulator = Start-TestEmulator
    $script:EmulatorUrl = $script:Emulator.Url
    $connect = Get-VaultParameters -Url $script:EmulatorUrl
    Connect-BackupVault @connect | Out-Null
    Invoke-BackupContainerRefresh -Wait | Out-Null
    Get-BackupProtectableContainer | Where-Object FriendlyName -in 'sqlserver-0', 'sqlag-0', 'sqlag-1' |
        Register-BackupContainer -Wait | Invoke-BackupContainerInquiry -Wait | Out-Null
}

AfterAll {
    Stop-BackupEmulator -Emulator $script:Emulator
    Remove-Module BackupCmdlets -ErrorAction SilentlyContinue
}

Describe 'Auto-protection of a SQL instance' {
    It 'auto-protects sqlserver-0 and protects the databases there' {
        $intent = Get-BackupProtectableItem -ProtectableItemType SQLInstance -ServerName sqlserver-0 |
            Enable-BackupAutoProtection -PolicyName HourlyLogBackup
        $intent.ProtectionIntentItemType | Should -Be 'AzureWorkloadSQLAutoProtectionIntent'
        $intent.PolicyName | Should -Be 'HourlyLogBackup'
        (Get-BackupAutoProtection -ItemType SQLInstance).Id | Should -Be $intent.Id
        (Get-BackupProtectedItem -Name SalesDB).PolicyName | Should -Be 'HourlyLogBackup'
    }

    It 'protects a database created later once an inquiry finds it' {
        $body = @{ name = 'ReturnsDB' } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri "$script:EmulatorUrl/emulator/vms/sqlserver-0/instances/MSSQLSERVER/databases" -ContentType 'application/json' -Body $body | Out-Null
        Get-BackupProtectedItem -Name ReturnsDB -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        Get-BackupContainer -FriendlyName sqlserver-0 | Invoke-BackupContainerInquiry -Wait | Out-Null
        $item = Get-BackupProtectedItem -Name ReturnsDB
        $item.PolicyName | Should -Be 'HourlyLogBackup'
        (Get-BackupJob -Operation ConfigureBackup).EntityFriendlyName | Should -Contain 'ReturnsDB'
    }

    It 'shows the intent in 80 columns' {
        $text = Get-BackupAutoProtection | Out-String -Width 80
        $text | Should -Match 'sqlserver-0 +mssqlserver +Instance +HourlyLogBackup'
    }

    It 'stops auto-protection and leaves the protected databases protected' {
        Get-BackupAutoProtection | Disable-BackupAutoProtection -Confirm:$false
        Get-BackupAutoProtection | Should -BeNullOrEmpty
        (Get-BackupProtectedItem -Name ReturnsDB).ProtectionState | Should -Not -BeNullOrEmpty
    }

    It 'refuses a database before anything is sent' {
        { Get-BackupProtectableItem -ProtectableItemType SQLDataBase -Name master -ServerName sqlserver-0 |
                Enable-BackupAutoProtection -PolicyName HourlyLogBackup -ErrorAction Stop } |
            Should -Throw '*only a SQLInstance or a SQLAvailabilityGroupContainer*'
    }
}

Describe 'An availability group across two VMs' {
    It 'lists the group once and its databases under it' {
        $group = Get-BackupProtectableItem -ProtectableItemType SQLAvailabilityGroupContainer
        @($group).Count | Should -Be 1
        $group.FriendlyName | Should -Be 'shopkart-ag'
        (Get-BackupProtectableItem -ProtectableItemType SQLDataBase | Where-Object ParentName -eq 'shopkart-ag').FriendlyName |
            Sort-Object | Should -Be @('OrdersDB', 'PaymentsDB')
    }

    It 'protects a group database and backs it up' {
        $job = Get-BackupProtectableItem -Name OrdersDB | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait |
            Start-BackupItem -BackupType Full -Wait | Wait-BackupJob -PollInterval 0.5
        $job.Status | Should -Be 'Completed'
        $job.EntityFriendlyName | Should -Be 'OrdersDB'
        ($job | Get-BackupRecoveryPoint).RecoveryPointType | Should -Be 'Full'
        (Get-BackupProtectedItem -Name OrdersDB).Id | Should -BeLike '*/protectionContainers/SQLAGWorkLoadContainer;shopkart-ag/*'
    }

    It 'auto-protects the group: a new group database is protected after an inquiry of a node' {
        Get-BackupProtectableItem -ProtectableItemType SQLAvailabilityGroupContainer |
            Enable-BackupAutoProtection -PolicyName HourlyLogBackup | Out-Null
        (Get-BackupProtectedItem -Name PaymentsDB).ParentName | Should -Be 'shopkart-ag'
        $body = @{ name = 'LedgerDB' } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri "$script:EmulatorUrl/emulator/availabilityGroups/shopkart-ag/databases" -ContentType 'application/json' -Body $body | Out-Null
        Get-BackupContainer -FriendlyName sqlag-0 | Invoke-BackupContainerInquiry -Wait | Out-Null
        (Get-BackupProtectedItem -Name LedgerDB).PolicyName | Should -Be 'HourlyLogBackup'
    }
}
