# The README's Quickstart, word for word but for the connection: the default seed's sqlserver-0 and its databases.
param([Parameter(Mandatory)] [string] $Module, [Parameter(Mandatory)] [string] $Url)
. (Join-Path $PSScriptRoot 'Common.ps1')
Connect-Bench -Module $Module -Url $Url

Invoke-BackupContainerRefresh -BackupManagementType AzureWorkload | Wait-BackupOperation | Out-Null
Get-BackupProtectableContainer -FriendlyName sqlserver-0 |
    Register-BackupContainer -WorkloadType SQLDataBase | Wait-BackupOperation |
    Invoke-BackupContainerInquiry | Wait-BackupOperation | Out-Null
$policy = Get-BackupPolicy -Name HourlyLogBackup
$jobs = @(Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0 |
    Enable-BackupProtection -Policy $policy | Wait-BackupOperation |
    Start-BackupItem -BackupType Full | Wait-BackupOperation | Wait-BackupJob)

Write-Result @{ jobs = $jobs.Count; completed = @($jobs | Where-Object Status -eq 'Completed').Count }
