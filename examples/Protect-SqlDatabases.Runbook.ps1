<#
.SYNOPSIS
    A runbook that protects and backs up every SQL database of some servers, and can be killed and
    started again at any point: no backup is doubled and no database is left out.
.DESCRIPTION
    Azure Automation unloads a job that runs longer than three hours (fair share) and starts it again
    from the top; a worker can crash; an operator can stop a job. So the run keeps a ledger of what it
    started, and a run started again reads it and resumes (docs/automation.md):

      1. Protect. Enable-BackupProtection is idempotent (a PUT): one whose protection is still being
         configured joins the operation in progress. On a protected database it would re-apply (or
         change) the policy, so those are skipped.
      2. Trigger. Start-BackupItem is NOT idempotent: a second call is a second backup. So the ledger
         records the intent BEFORE the trigger and the job id after. A database whose intent has no job
         id was interrupted between the two: the trigger may or may not have reached the service. The
         run then looks for a backup job of that database started since the intent, and records it
         instead of triggering again; only when there is none does it trigger.
      3. Wait. The jobs are read back by the ids in the ledger and waited on; each end is recorded.

    The ledger is a file of JSON lines by default (one line per step, appended and flushed, so a kill
    loses at most the line being written). In the Azure sandbox a file does not survive a restart
    (the job may start again on another worker): give -LedgerVariable, the name of a string Automation
    variable, instead. Both live in Read-Ledger and Write-LedgerEntry; a storage table would replace
    those two functions and nothing else.
.PARAMETER VaultId
    The vault's resource id.
.PARAMETER ServerName
    The SQL servers (VMs) whose databases are protected; each is registered with the vault if it is not yet.
.PARAMETER PolicyName
    The vault's AzureWorkload policy to protect the databases with.
.PARAMETER BackupType
    Full (default), Differential, Log or CopyOnlyFull.
.PARAMETER LedgerPath
    The ledger file. Default: backup-ledger-<vault>-<UTC date>.jsonl in the temp folder, so a run started
    again the same day resumes and the next day's run starts a batch of its own.
.PARAMETER LedgerVariable
    In Azure Automation: a string Automation variable that holds the ledger instead of a file.
.PARAMETER SettleSeconds
    How old an interrupted trigger must be before the job list is trusted to show its job (the service
    lists a job shortly after the trigger, not at once); a younger one is waited for.
.PARAMETER PollSeconds
    How often running jobs are read.
.PARAMETER ResourceManagerUrl
    Another Resource Manager endpoint (the emulator, in tests). Without it the run signs in with the
    Automation account's managed identity.
.PARAMETER Module
    The module to import: its name (as Automation installs it) or a path to its manifest.
.EXAMPLE
    ./Protect-SqlDatabases.Runbook.ps1 -VaultId $vaultId -ServerName sqlserver-0 -PolicyName HourlyLogBackup -LedgerVariable SqlBackupLedger
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $VaultId,
    [Parameter(Mandatory)] [string[]] $ServerName,
    [Parameter(Mandatory)] [string] $PolicyName,
    [ValidateSet('Full', 'Differential', 'Log', 'CopyOnlyFull')] [string] $BackupType = 'Full',
    [string] $LedgerPath,
    [string] $LedgerVariable,
    [int] $SettleSeconds = 120,
    [double] $PollSeconds = 30,
    [uri] $ResourceManagerUrl,
    [string] $Module = 'BackupCmdlets'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $Module

if (-not $LedgerVariable -and -not $LedgerPath) {
    $vaultName = ($VaultId -split '/')[-1]
    $LedgerPath = Join-Path ([System.IO.Path]::GetTempPath()) ('backup-ledger-{0}-{1:yyyyMMdd}.jsonl' -f $vaultName, [DateTime]::UtcNow)
}
# .NET resolves a relative path against the process's folder, not PowerShell's: make it whole first.
if ($LedgerPath) { $LedgerPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($LedgerPath) }

# --- Ledger I/O: the only two functions that know where the ledger lives. ---------------------------

function Read-Ledger {
    # Folds the ledger's lines into one entry per database: its latest step, intent time and job id.
    $lines = if ($LedgerVariable) { @((Get-AutomationVariable -Name $LedgerVariable) -split "`n") }
             elseif (Test-Path $LedgerPath) { @(Get-Content -Path $LedgerPath) }
             else { @() }
    $ledger = @{}
    foreach ($line in $lines) {
        if (-not $line.Trim()) { continue }
        # A line cut short by a kill is ignored: its step is done again, which every step allows.
        try { $record = $line | ConvertFrom-Json } catch { continue }
        $entry = $ledger[$record.Item]
        if (-not $entry) { $entry = $ledger[$record.Item] = [pscustomobject]@{ Item = $record.Item; Step = $null; IntentAt = $null; JobId = $null; Status = $null } }
        $entry.Step = $record.Step
        switch ($record.Step) {
            'Intent' { $entry.IntentAt = [DateTimeOffset] $record.At; $entry.JobId = $null }
            'Job'    { $entry.JobId = $record.JobId }
            'Done'   { $entry.Status = $record.Status }
        }
    }
    $ledger
}

function Write-LedgerEntry([string] $Item, [string] $Step, [string] $JobId, [string] $Status) {
    $line = [pscustomobject]@{ Item = $Item; Step = $Step; At = [DateTimeOffset]::UtcNow.ToString('o'); JobId = $JobId; Status = $Status } |
        ConvertTo-Json -Compress
    if ($LedgerVariable) {
        # An Automation variable is written whole: the lines so far and this one.
        $text = [string] (Get-AutomationVariable -Name $LedgerVariable)
        Set-AutomationVariable -Name $LedgerVariable -Value ($text.TrimEnd() + "`n" + $line)
    }
    else {
        # Appended and flushed before the next request: what the ledger says was started, was.
        [System.IO.File]::AppendAllText($LedgerPath, $line + "`n")
    }
}

# --- The batch. ------------------------------------------------------------------------------------

function Get-ItemKey([object] $Item) {
    # The same key for a database before and after protection: container and item name, from the id.
    if ($Item.Id -notmatch '/protectionContainers/([^/]+)/(?:protectable|protected)Items/([^/]+)$') { throw "Not an item id: $($Item.Id)" }
    "$($Matches[1])/$($Matches[2])".ToLowerInvariant()
}

function Find-TriggeredJob([object] $Item, [DateTimeOffset] $IntentAt) {
    # The backup job a trigger sent just before an interruption started: one of this database, started
    # since the intent (less a minute, for the skew between this machine's clock and the service's).
    $container = ($Item.Id -split '/protectionContainers/')[1].Split('/')[0]
    Get-BackupJob -Operation Backup -BackupManagementType AzureWorkload -From $IntentAt.AddMinutes(-1).UtcDateTime |
        Where-Object { $_.EntityFriendlyName -eq $Item.FriendlyName -and $_.PropertyBag['Container Name'] -eq $container } |
        Select-Object -Last 1 # listed newest first: the oldest is the one this trigger started
}

$connect = @{ VaultId = $VaultId }
if ($ResourceManagerUrl) { $connect.Environment = 'Emulator'; $connect.ResourceManagerUrl = $ResourceManagerUrl } else { $connect.Identity = $true }
Connect-BackupVault @connect | Out-Null
$ledger = Read-Ledger
"ledger: $(if ($LedgerVariable) { "variable $LedgerVariable" } else { $LedgerPath }), $($ledger.Count) database(s) in it"

# Registration: a registered server is no longer protectable, so only the others are registered. The
# inquiry (which finds the databases) runs every time: a run stopped after registering still gets it.
$registered = @(Get-BackupContainer -BackupManagementType AzureWorkload | ForEach-Object FriendlyName)
$missing = @($ServerName | Where-Object { $_ -notin $registered })
if ($missing) {
    Invoke-BackupContainerRefresh -BackupManagementType AzureWorkload | Wait-BackupOperation | Out-Null
    Get-BackupProtectableContainer -FriendlyName $missing |
        Register-BackupContainer -WorkloadType SQLDataBase -Wait | Out-Null
}
Get-BackupContainer -FriendlyName $ServerName -BackupManagementType AzureWorkload |
    Invoke-BackupContainerInquiry | Wait-BackupOperation | Out-Null

# 1. Protect what is not protected yet, streaming: nothing is collected.
$policy = Get-BackupPolicy -Name $PolicyName
Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName $ServerName |
    Where-Object ProtectionState -ne 'Protected' |
    Enable-BackupProtection -Policy $policy -Wait |
    ForEach-Object { "protected: $(Get-ItemKey $_)" }

# 2. Trigger each database once: intent, trigger, job id.
Get-BackupProtectedItem -WorkloadType SQLDataBase -ServerName $ServerName | ForEach-Object {
    $key = Get-ItemKey $_
    $entry = $ledger[$key]
    if ($entry -and $entry.JobId) { return } # triggered by an earlier run; step 3 waits for it
    if ($entry -and $entry.Step -eq 'Intent') {
        # Interrupted between intent and job id: find the job before deciding to trigger.
        $age = ([DateTimeOffset]::UtcNow - $entry.IntentAt).TotalSeconds
        if ($age -lt $SettleSeconds) { Start-Sleep -Seconds ([Math]::Ceiling($SettleSeconds - $age)) }
        $found = Find-TriggeredJob -Item $_ -IntentAt $entry.IntentAt
        if ($found) {
            Write-LedgerEntry -Item $key -Step Job -JobId $found.JobId
            $ledger[$key] = [pscustomobject]@{ Item = $key; Step = 'Job'; IntentAt = $entry.IntentAt; JobId = $found.JobId; Status = $null }
            "resolved: $key, job $($found.JobId), started before the interruption"
            return
        }
        "not started: $key, the interrupted trigger never reached the service"
    }
    Write-LedgerEntry -Item $key -Step Intent
    $job = $_ | Start-BackupItem -BackupType $BackupType -Wait
    Write-LedgerEntry -Item $key -Step Job -JobId $job.JobId
    $ledger[$key] = [pscustomobject]@{ Item = $key; Step = 'Job'; IntentAt = $null; JobId = $job.JobId; Status = $null }
    "triggered: $key, job $($job.JobId)"
}

# 3. Wait for every job not seen to end yet, by the ids in the ledger.
$byJob = @{}
foreach ($entry in $ledger.Values) { if ($entry.JobId -and -not $entry.Status) { $byJob[$entry.JobId] = $entry.Item } }
$failures = @()
if ($byJob.Count) {
    Get-BackupJob -JobId @($byJob.Keys) | Wait-BackupJob -PollInterval $PollSeconds -ErrorAction SilentlyContinue -ErrorVariable +failures |
        ForEach-Object {
            Write-LedgerEntry -Item $byJob[$_.JobId] -Step Done -JobId $_.JobId -Status $_.Status
            "done: $($byJob[$_.JobId]), job $($_.JobId) $($_.Status)"
        }
}
foreach ($failure in $failures) {
    # A failed or cancelled job is recorded as ended: the batch does not start that backup again by
    # itself. A wait that timed out is not: the next run waits for the job again.
    $job = $failure.TargetObject
    if ($job -and $job.PSObject.Properties['Status'] -and $job.Status -in 'Failed', 'Cancelled' -and $byJob[$job.JobId]) {
        Write-LedgerEntry -Item $byJob[$job.JobId] -Step Done -JobId $job.JobId -Status $job.Status
    }
}
if ($failures) { throw "$($failures.Count) backup job(s) did not complete: $($failures -join '; ')" }
"batch complete: $($ledger.Count) database(s)"
