# Runs examples/Protect-SqlDatabases.Runbook.ps1 in this process (as Automation runs a runbook: one process)
# and reports the process's peak working set at the end, whatever the runbook's outcome.
param([Parameter(Mandatory)] [string] $Module, [Parameter(Mandatory)] [string] $Url, [Parameter(Mandatory)] [string] $Runbook,
      [Parameter(Mandatory)] [string] $ServerNames, [Parameter(Mandatory)] [string] $LedgerPath)
$ErrorActionPreference = 'Stop'
$vaultId = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/SQLServerSelfHost/providers/Microsoft.RecoveryServices/vaults/SQLServer2012'
$done = 0; $failure = $null
$clock = [System.Diagnostics.Stopwatch]::StartNew()
try {
    & $Runbook -VaultId $vaultId -ServerName ($ServerNames -split ',') -PolicyName HourlyLogBackup -LedgerPath $LedgerPath `
        -SettleSeconds 0 -PollSeconds 1 -ResourceManagerUrl $Url -Module $Module |
        ForEach-Object { if ("$_" -like 'done: *Completed') { $done++ } }
}
catch { $failure = "$_" }
$clock.Stop()
$self = [System.Diagnostics.Process]::GetCurrentProcess()
$self.Refresh()
'RESULT ' + (@{ done = $done; seconds = $clock.Elapsed.TotalSeconds; peak = $self.PeakWorkingSet64; failure = $failure } | ConvertTo-Json -Compress)
