<#
.SYNOPSIS
    The whole SQL-in-Azure-VM workflow against the Recovery Services emulator, printing each object,
    then the same for a whole Azure VM and for an Azure file share.
.DESCRIPTION
    Run it with `dotnet pwsh ./build.ps1 -Task Demo`, which packages the module, starts the emulator,
    passes its address here and stops the emulator afterwards.
    It is the pipeline of the README's quickstart, step by step.
.PARAMETER ModulePath
    The packaged module folder (build.ps1 -Task Package makes it in out/BackupCmdlets).
.PARAMETER EmulatorUrl
    Where the emulator listens.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/BackupCmdlets'),
    [string] $EmulatorUrl = 'http://127.0.0.1:5599'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $ModulePath 'BackupCmdlets.psd1') -Force

function Write-Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

function Show {
    # Each object in its view (module/BackupCmdlets.format.ps1xml), which fits 80 columns: a log or a
    # narrow terminal shows it whole.
    $text = $input | Out-String -Width 80
    Write-Host $text.Trim([char[]] "`r`n")
    Write-Host ''
}

Write-Step 'Connect to the vault (emulator)'
Connect-BackupVault -Environment Emulator -ResourceManagerUrl $EmulatorUrl -SubscriptionId 00000000-0000-0000-0000-000000000000 -ResourceGroupName SQLServerSelfHost -Name SQLServer2012 | Show

Write-Step 'Discover VMs running SQL Server'
Invoke-BackupContainerRefresh -BackupManagementType AzureWorkload | Wait-BackupOperation | Show
Get-BackupProtectableContainer | Show

Write-Step 'Register sqlserver-0 and inquire its databases'
Get-BackupProtectableContainer -FriendlyName sqlserver-0 |
    Register-BackupContainer -WorkloadType SQLDataBase | Wait-BackupOperation |
    Invoke-BackupContainerInquiry | Wait-BackupOperation | Show

Write-Step 'Databases that can be protected'
Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0 | Show

Write-Step 'Policy'
$policy = Get-BackupPolicy -Name HourlyLogBackup
$policy | Show

Write-Step 'Protect msdb, back it up now, and wait for the job'
Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0 -Name msdb |
    Enable-BackupProtection -Policy $policy | Wait-BackupOperation |
    Start-BackupItem -BackupType Full | Wait-BackupOperation | Wait-BackupJob -PollInterval 1 | Show

Write-Step 'The protected database'
Get-BackupProtectedItem -Name msdb | Show

Write-Step 'An Azure VM: discover, protect, back up for 30 days, and the recovery point it left'
Invoke-BackupContainerRefresh -BackupManagementType AzureIaasVM -Wait | Out-Null
Get-BackupProtectableItem -WorkloadType VM -Name ad-primary-dc |
    Enable-BackupProtection -PolicyName DailyVMPolicy -Wait |
    Start-BackupItem -RetainDays 30 -Wait | Wait-BackupJob -PollInterval 1 |
    Get-BackupRecoveryPoint | Show

Write-Step 'An Azure file share: register the storage account, inquire it, protect a share, back it up'
Invoke-BackupContainerRefresh -BackupManagementType AzureStorage -Wait | Out-Null
Get-BackupProtectableContainer -BackupManagementType AzureStorage -FriendlyName shopkartfiles |
    Register-BackupContainer -Wait | Invoke-BackupContainerInquiry -Wait |
    Get-BackupProtectableItem -Name invoices |
    Enable-BackupProtection -PolicyName DailyFileSharePolicy -Wait |
    Start-BackupItem -Wait | Wait-BackupJob -PollInterval 1 |
    Get-BackupRecoveryPoint | Show

Write-Step 'Every backup job of the session'
Get-BackupJob -Operation Backup | Show
