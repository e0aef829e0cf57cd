#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The module as users load it (the packaged folder), against the emulator on a free loopback port.
# Run with: dotnet pwsh ./build.ps1 -Task Pester   (packages the module, builds the emulator, restores Pester)

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:Emulator = Start-TestEmulator
    $script:EmulatorUrl = $script:Emulator.Url
    $script:Connect = Get-VaultParameters -Url $script:EmulatorUrl
}

AfterAll {
    Stop-BackupEmulator -Emulator $script:Emulator
    Remove-Module BackupCmdlets -ErrorAction SilentlyContinue
}

Describe 'The module' {
    It 'exports its twenty-six cmdlets' {
        $names = (Get-Command -Module BackupCmdlets).Name | Sort-Object
        $names | Should -Be (@(
                'Connect-BackupVault', 'Enable-BackupProtection', 'Get-BackupContainer', 'Get-BackupJob', 'Get-BackupPolicy',
                'Get-BackupProtectableContainer', 'Get-BackupProtectableItem', 'Get-BackupProtectedItem', 'Invoke-BackupContainerInquiry',
                'Invoke-BackupContainerRefresh', 'Register-BackupContainer', 'Start-BackupItem', 'Wait-BackupJob', 'Wait-BackupOperation',
                'Stop-BackupJob', 'Get-BackupRecoveryPoint', 'Disconnect-BackupVault', 'Get-BackupContext',
                'Enable-BackupAutoProtection', 'Disable-BackupAutoProtection', 'Get-BackupAutoProtection',
                'Disable-BackupProtection', 'Set-BackupProtection', 'Unregister-BackupContainer', 'Undo-BackupItemDeletion', 'Restore-BackupItem'
            ) | Sort-Object)
    }

    It 'offers -WhatIf and -Confirm on <_>' -ForEach @('Invoke-BackupContainerRefresh', 'Register-BackupContainer', 'Invoke-BackupContainerInquiry', 'Enable-BackupProtection', 'Start-BackupItem', 'Stop-BackupJob', 'Enable-BackupAutoProtection', 'Disable-BackupAutoProtection',
        'Disable-BackupProtection', 'Set-BackupProtection', 'Unregister-BackupContainer', 'Undo-BackupItemDeletion', 'Restore-BackupItem') {
        $command = Get-Command $_
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
    }

    It 'refuses a -BackupType outside the set before anything is sent' {
        { @() | Start-BackupItem -BackupType 'Everything' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,BackupCmdlets.Cmdlets.StartBackupItemCommand'
    }

    It 'says to connect first when no vault is connected' {
        # Whatever ran before in this runspace: after Disconnect-BackupVault nothing is connected.
        Disconnect-BackupVault
        { Get-BackupPolicy -ErrorAction Stop } | Should -Throw '*Connect-BackupVault*' -ErrorId 'NotConnected,BackupCmdlets.Cmdlets.GetBackupPolicyCommand'
    }
}

Describe 'The SQL workflow against the emulator' {
    BeforeAll {
        $connect = $script:Connect
        $script:Context = Connect-BackupVault @connect
    }

    It 'connects and shows the vault it is connected to' {
        $script:Context.VaultName | Should -Be 'SQLServer2012'
        $script:Context.Environment | Should -Be 'Emulator'
    }

    It 'discovers, registers and inquires sqlserver-0' {
        Invoke-BackupContainerRefresh -BackupManagementType AzureWorkload | Wait-BackupOperation | Out-Null
        (Get-BackupProtectableContainer).FriendlyName | Should -Contain 'sqlserver-0'
        $container = Get-BackupProtectableContainer -FriendlyName sqlserver-0 |
            Register-BackupContainer -WorkloadType SQLDataBase | Wait-BackupOperation |
            Invoke-BackupContainerInquiry | Wait-BackupOperation
        $container.RegistrationStatus | Should -Be 'Registered'
        $container.InquiryStatus | Should -Be 'Success'
    }

    It 'lists the databases of the server, by wildcard too' {
        (Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0).FriendlyName | Should -Contain 'msdb'
        @(Get-BackupProtectableItem -ProtectableItemType SQLDataBase -Name 'm*').Count | Should -Be 3
    }

    It 'does nothing under -WhatIf' {
        $policy = Get-BackupPolicy -Name HourlyLogBackup
        Get-BackupProtectableItem -ProtectableItemType SQLDataBase -Name model | Enable-BackupProtection -Policy $policy -WhatIf
        # Nothing protected: the exact name is an ObjectNotFound error, not silence.
        Get-BackupProtectedItem -Name model -ErrorAction SilentlyContinue -ErrorVariable missed | Should -BeNullOrEmpty
        $missed.FullyQualifiedErrorId | Should -Be 'ProtectedItemNotFound,BackupCmdlets.Cmdlets.GetBackupProtectedItemCommand'
    }

    It 'protects msdb, backs it up and waits for the job' {
        $policy = Get-BackupPolicy -Name HourlyLogBackup
        $job = Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0 -Name msdb |
            Enable-BackupProtection -Policy $policy | Wait-BackupOperation |
            Start-BackupItem -BackupType Full | Wait-BackupOperation | Wait-BackupJob -PollInterval 0.5
        $job.Status | Should -Be 'Completed'
        $job.BackupType | Should -Be 'Full'
        $item = Get-BackupProtectedItem -Name msdb
        $item.ProtectionState | Should -Be 'Protected'
        $item.LastBackupStatus | Should -Be 'Healthy'
        @(Get-BackupJob -Operation Backup).Count | Should -Be 1
        $points = $job | Get-BackupRecoveryPoint
        @($points).Count | Should -Be 1
        $points.RecoveryPointType | Should -Be 'Full'
    }

    It 'reports an unknown policy as a non-terminating ObjectNotFound error' {
        $result = Get-BackupPolicy -Name NoSuchPolicy -ErrorVariable failures -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'BMSUserErrorPolicyNotFound*'
    }

    It 'rides out a flaky service (faults set through the emulator control endpoint)' {
        $rules = ConvertTo-Json -InputObject @(@{ kind = 'ServerError'; status = 503; method = 'GET'; pathPattern = '/backupProtectableItems$'; times = 2; retryAfterSeconds = 0 })
        Invoke-RestMethod -Method Put -Uri "$script:EmulatorUrl/emulator/faults" -ContentType 'application/json' -Body $rules | Out-Null
        try {
            (Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0).FriendlyName | Should -Contain 'msdb'
            $ledger = Invoke-RestMethod -Uri "$script:EmulatorUrl/emulator/ledger"
            @($ledger | Where-Object { $_.event -eq 'FaultInjected' }).Count | Should -Be 2
        }
        finally {
            Invoke-RestMethod -Method Delete -Uri "$script:EmulatorUrl/emulator/faults" | Out-Null
        }
    }

    It 'shows each object as a readable table, 80 columns wide, policies with their schedule and retention' {
        $text = Get-BackupPolicy -Name HourlyLogBackup | Out-String -Width 80
        $text | Should -Match 'Schedule'
        $text | Should -Match 'HourlyLogBackup +SQL +Daily 19:00, log every 1h +30 days; log 30 days'
    }
}

Describe 'Azure VMs and file shares against the emulator' {
    BeforeAll {
        $connect = $script:Connect
        Connect-BackupVault @connect | Out-Null
    }

    It 'protects an Azure VM, backs it up for 30 days and lists its recovery point' {
        Invoke-BackupContainerRefresh -BackupManagementType AzureIaasVM -Wait | Out-Null
        $item = Get-BackupProtectableItem -WorkloadType VM -Name ad-primary-dc |
            Enable-BackupProtection -PolicyName DailyVMPolicy -Wait
        $item.ProtectedItemType | Should -Be 'Microsoft.Compute/virtualMachines'
        $job = $item | Start-BackupItem -RetainDays 30 -Wait | Wait-BackupJob -PollInterval 0.5
        $job.Status | Should -Be 'Completed'
        $job.JobType | Should -Be 'AzureIaaSVMJob'
        $point = $job | Get-BackupRecoveryPoint
        $point.ObjectType | Should -Be 'IaasVMRecoveryPoint'
        $point.ExpiryTime | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddDays(29))
    }

    It 'refuses a backup type for a VM before anything is sent' {
        $item = Get-BackupProtectedItem -WorkloadType VM -Name ad-primary-dc
        { $item | Start-BackupItem -BackupType Full -ErrorAction Stop } | Should -Throw '*has no backup type*'
    }

    It 'registers a storage account, inquires it and backs up a file share' {
        Invoke-BackupContainerRefresh -BackupManagementType AzureStorage -Wait | Out-Null
        $container = Get-BackupProtectableContainer -BackupManagementType AzureStorage -FriendlyName shopkartfiles |
            Register-BackupContainer -Wait | Invoke-BackupContainerInquiry -Wait
        $container.ContainerType | Should -Be 'StorageContainer'
        ($container | Get-BackupProtectableItem).FriendlyName | Should -Contain 'invoices'
        $job = $container | Get-BackupProtectableItem -Name invoices |
            Enable-BackupProtection -PolicyName DailyFileSharePolicy -Wait |
            Start-BackupItem -ExpiryDateTimeUtc ([DateTime]::UtcNow.Date.AddDays(20)) -Wait | Wait-BackupJob -PollInterval 0.5
        $job.Status | Should -Be 'Completed'
        $job.StorageAccountName | Should -Be 'shopkartfiles'
        ($job | Get-BackupRecoveryPoint).ObjectType | Should -Be 'AzureFileShareRecoveryPoint'
        (Get-BackupProtectedItem -WorkloadType AzureFileShare -Name invoices).ProtectionState | Should -Be 'Protected'
    }

    It 'refuses compression for a file share before anything is sent' {
        $item = Get-BackupProtectedItem -WorkloadType AzureFileShare -Name invoices
        { $item | Start-BackupItem -EnableCompression -ErrorAction Stop } | Should -Throw '*SQL databases only*'
    }
}

Describe 'Signing in against the emulator' {
    BeforeAll {
        $script:Vault = @{
            SubscriptionId     = '00000000-0000-0000-0000-000000000000'
            ResourceGroupName  = 'SQLServerSelfHost'
            Name               = 'SQLServer2012'
            Environment        = 'Emulator'
            ResourceManagerUrl = $script:EmulatorUrl
        }
    }

    It 'signs in with a managed identity through IDENTITY_ENDPOINT, as in an Automation runbook' {
        $saved = $env:IDENTITY_ENDPOINT, $env:IDENTITY_HEADER
        $env:IDENTITY_ENDPOINT = "$script:EmulatorUrl/msi/token"
        $env:IDENTITY_HEADER = 'emulator-identity-header'
        try {
            $vault = $script:Vault
            $context = Connect-BackupVault -Identity @vault
            $context.SignIn | Should -Be 'ManagedIdentity'
            (Get-BackupContext).SignIn | Should -Be 'ManagedIdentity'
            (Get-BackupPolicy -Name HourlyLogBackup).Name | Should -Be 'HourlyLogBackup'
        }
        finally {
            $env:IDENTITY_ENDPOINT, $env:IDENTITY_HEADER = $saved
        }
    }

    It 'signs in with an access token it is given' {
        $form = @{ grant_type = 'client_credentials'; client_id = 'pester'; client_secret = 'not-a-secret'; scope = "$script:EmulatorUrl/.default" }
        $reply = Invoke-RestMethod -Method Post -Uri "$script:EmulatorUrl/pester-tenant/oauth2/v2.0/token" -Body $form
        $token = ConvertTo-SecureString $reply.access_token -AsPlainText -Force
        $vault = $script:Vault
        (Connect-BackupVault -AccessToken $token @vault).SignIn | Should -Be 'AccessToken'
        (Get-BackupPolicy -Name HourlyLogBackup).Name | Should -Be 'HourlyLogBackup'
        (Get-BackupContext | Out-String) | Should -Not -Match ([regex]::Escape($reply.access_token))
    }

    It 'refuses a secret given as plain text' {
        $vault = $script:Vault
        { Connect-BackupVault -ServicePrincipal -Tenant contoso -ClientId app -ClientSecret 'plain-text' @vault } |
            Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,BackupCmdlets.Cmdlets.ConnectBackupVaultCommand'
    }

    It 'forgets the connection on Disconnect-BackupVault' {
        $vault = $script:Vault
        Connect-BackupVault @vault | Out-Null
        Disconnect-BackupVault
        Get-BackupContext | Should -BeNullOrEmpty
        { Get-BackupPolicy -ErrorAction Stop } | Should -Throw '*Connect-BackupVault*'
    }
}

Describe 'Help' {
    It 'gives <_> a synopsis and at least one example' -ForEach @(
        'Connect-BackupVault', 'Invoke-BackupContainerRefresh', 'Get-BackupProtectableContainer', 'Register-BackupContainer',
        'Get-BackupContainer', 'Invoke-BackupContainerInquiry', 'Get-BackupProtectableItem', 'Get-BackupPolicy',
        'Enable-BackupProtection', 'Get-BackupProtectedItem', 'Start-BackupItem', 'Wait-BackupOperation', 'Get-BackupJob', 'Wait-BackupJob',
        'Stop-BackupJob', 'Get-BackupRecoveryPoint', 'Disconnect-BackupVault', 'Get-BackupContext',
        'Enable-BackupAutoProtection', 'Disable-BackupAutoProtection', 'Get-BackupAutoProtection',
        'Disable-BackupProtection', 'Set-BackupProtection', 'Unregister-BackupContainer', 'Undo-BackupItemDeletion', 'Restore-BackupItem'
    ) {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "*$_ *[[]*"   # the auto-generated syntax stub means the help file was not found
        $help.Examples.Example | Should -Not -BeNullOrEmpty
    }
}
