# Shared by RunbookRestart.Tests.ps1 and FanOut.Tests.ps1: the example runbook
# (examples/Protect-SqlDatabases.Runbook.ps1) run as Automation runs one, a 'pwsh -NonInteractive -File'
# process of its own that can be killed, and the emulator's ledger read back. Dot-source after Support.ps1.

$script:RunbookPath = Join-Path $script:RepoRoot 'examples/Protect-SqlDatabases.Runbook.ps1'

function Start-RunbookProcess {
    # Returns @{ Process; OutLog; ErrLog }. 'dotnet pwsh' finds the PowerShell of the repository's tool
    # manifest from the repository root. Quoted arguments: Start-Process joins them with spaces.
    param([Parameter(Mandatory)] [string] $Url, [Parameter(Mandatory)] [string] $VaultId,
          [Parameter(Mandatory)] [string] $ServerName, [Parameter(Mandatory)] [string] $LedgerPath)
    $stamp = [guid]::NewGuid().ToString('N').Substring(0, 8)
    $outLog = Join-Path ([System.IO.Path]::GetTempPath()) "backupcmdlets-runbook-$PID-$stamp.out.log"
    $errLog = Join-Path ([System.IO.Path]::GetTempPath()) "backupcmdlets-runbook-$PID-$stamp.err.log"
    $arguments = @('pwsh', '-NoProfile', '-NonInteractive', '-File', "`"$script:RunbookPath`"",
        '-VaultId', $VaultId, '-ServerName', $ServerName, '-PolicyName', 'HourlyLogBackup',
        '-LedgerPath', "`"$LedgerPath`"", '-SettleSeconds', '0', '-PollSeconds', '0.5',
        '-ResourceManagerUrl', $Url, '-Module', "`"$script:ModuleManifest`"")
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -WorkingDirectory $script:RepoRoot -PassThru -NoNewWindow `
        -RedirectStandardOutput $outLog -RedirectStandardError $errLog
    [pscustomobject]@{ Process = $process; OutLog = $outLog; ErrLog = $errLog }
}

function Wait-RunbookProcess([Parameter(Mandatory)] $Run, [int] $TimeoutSeconds = 120) {
    # Returns @{ ExitCode; Text } once the process has ended (killed, if it outlives the timeout).
    if (-not $Run.Process.WaitForExit($TimeoutSeconds * 1000)) { Stop-RunbookProcess $Run }
    $Run.Process.WaitForExit()
    $text = (@($Run.OutLog, $Run.ErrLog) | Where-Object { Test-Path $_ } | ForEach-Object { Get-Content -Path $_ -Raw }) -join [Environment]::NewLine
    Remove-Item -Path $Run.OutLog, $Run.ErrLog -Force -ErrorAction SilentlyContinue
    [pscustomobject]@{ ExitCode = $Run.Process.ExitCode; Text = $text }
}

function Stop-RunbookProcess([Parameter(Mandatory)] $Run) {
    # The whole tree: 'dotnet pwsh' may run PowerShell as a child of the dotnet host.
    try { if (-not $Run.Process.HasExited) { $Run.Process.Kill($true) } } catch [System.InvalidOperationException] { }
    $null = $Run.Process.WaitForExit(15000)
}

function Wait-Until([Parameter(Mandatory)] [scriptblock] $Condition, [Parameter(Mandatory)] [string] $What, $Run, [int] $TimeoutSeconds = 90) {
    # Waits for an event (a line in a ledger), not for a length of time; a runbook that ended first fails the wait.
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (& $Condition)) {
        if ($Run -and $Run.Process.HasExited) { throw "The runbook ended before $What; exit code $($Run.Process.ExitCode): $((Wait-RunbookProcess $Run).Text)" }
        if ([DateTime]::UtcNow -gt $deadline) {
            $sofar = if ($Run -and (Test-Path $Run.OutLog)) { Get-Content -Path $Run.OutLog -Raw } else { '' }
            throw "Timed out waiting for $What. The runbook's output so far:$([Environment]::NewLine)$sofar"
        }
        Start-Sleep -Milliseconds 100
    }
}

function Get-EmulatorLedger([Parameter(Mandatory)] [string] $Url) {
    # Invoke-RestMethod writes a JSON array as one object: assigned first, it is enumerated.
    $entries = Invoke-RestMethod -Uri "$Url/emulator/ledger"
    @($entries)
}

function Get-RunbookLedger([Parameter(Mandatory)] [string] $Path) {
    if (-not (Test-Path $Path)) { return @() }
    # A line the runbook is writing at this moment may be cut short: it is read next time.
    @(Get-Content -Path $Path | ForEach-Object { try { $_ | ConvertFrom-Json } catch { } })
}
