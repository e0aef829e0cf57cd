# Protects and backs up every SQL database of the vault (its VMs registered and inquired already) with the
# README's pipeline, and reports the wall time of that pipeline alone.
param([Parameter(Mandatory)] [string] $Module, [Parameter(Mandatory)] [string] $Url)
. (Join-Path $PSScriptRoot 'Common.ps1')
Connect-Bench -Module $Module -Url $Url
$policy = Get-BackupPolicy -Name HourlyLogBackup

# An item that fails is reported, not fatal: the others go on, and the harness says how many failed and why.
$ErrorActionPreference = 'Continue'
$Error.Clear()
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$jobs = @(Get-BackupProtectableItem -ProtectableItemType SQLDataBase |
    Enable-BackupProtection -Policy $policy -Wait |
    Start-BackupItem -BackupType Full -Wait |
    Wait-BackupJob)
$clock.Stop()

Write-Result @{
    seconds   = $clock.Elapsed.TotalSeconds
    jobs      = $jobs.Count
    completed = @($jobs | Where-Object Status -eq 'Completed').Count
    errors    = $Error.Count
    firstErrors = @($Error | Select-Object -Last 3 | ForEach-Object { "$_" })
}
