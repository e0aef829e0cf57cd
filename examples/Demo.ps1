<#
.SYNOPSIS
    The whole SQL-in-Azure-VM workflow against the Recovery Services emulator, printing each object,
    then the same for a whole Azure VM and for an Azure file share.
.DESCRIPTION
    Run it with ./build.ps1 -Task Demo, which packages the module and starts the emulator first.
    It is the pipeline of the README's quickstart, step by step.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/BackupCmdlets')
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $ModulePath 'BackupCmdlets.psd1') -Force

function Write-Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

Write-Step 'Connect to the vault (emulator)'
Connect-BackupVault -Environment Emulator -SubscriptionId 00000000-0000-0000-0000-000000000000 -ResourceGroupName SQLServerSelfHost -Name SQLServer2012 | Out-Host

Write-Step 'Discover VMs running SQL Server'
Invoke-BackupContainerRefresh -BackupManagementType AzureWorkload | Wait-BackupOperation | Out-Host
Get-BackupProtectableContainer | Out-Host

Write-Step 'Register sqlserver-0 and inquire its databases'
Get-BackupProtectableContainer -FriendlyName sqlserver-0 |
    Register-BackupContainer -WorkloadType SQLDataBase | Wait-BackupOperation |
    Invoke-BackupContainerInquiry | Wait-BackupOperation | Out-Host

Write-Step 'Databases that can be protected'
Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0 | Out-Host

Write-Step 'Policy'
$policy = Get-BackupPolicy -Name HourlyLogBackup
$policy | Out-Host

Write-Step 'Protect msdb, back it up now, and wait for the job'
Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0 -Name msdb |
    Enable-BackupProtection -Policy $policy | Wait-BackupOperation |
    Start-BackupItem -BackupType Full | Wait-BackupOperation | Wait-BackupJob -PollInterval 1 | Out-Host

Write-Step 'The protected database'
Get-BackupProtectedItem -Name msdb | Out-Host

Write-Step 'An Azure VM: discover, protect, back up for 30 days, and the recovery point it left'
Invoke-BackupContainerRefresh -BackupManagementType AzureIaasVM -Wait | Out-Null
Get-BackupProtectableItem -WorkloadType VM -Name ad-primary-dc |
    Enable-BackupProtection -PolicyName DailyVMPolicy -Wait |
    Start-BackupItem -RetainDays 30 -Wait | Wait-BackupJob -PollInterval 1 |
    Get-BackupRecoveryPoint | Out-Host

Write-Step 'An Azure file share: register the storage account, inquire it, protect a share, back it up'
Invoke-BackupContainerRefresh -BackupManagementType AzureStorage -Wait | Out-Null
Get-BackupProtectableContainer -BackupManagementType AzureStorage -FriendlyName shopkartfiles |
    Register-BackupContainer -Wait | Invoke-BackupContainerInquiry -Wait |
    Get-BackupProtectableItem -Name invoices |
    Enable-BackupProtection -PolicyName DailyFileSharePolicy -Wait |
    Start-BackupItem -Wait | Wait-BackupJob -PollInterval 1 |
    Get-BackupRecoveryPoint | Out-Host

Write-Step 'Every backup job of the session'
Get-BackupJob -Operation Backup | Out-Host
