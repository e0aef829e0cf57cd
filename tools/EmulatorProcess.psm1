<#
    Starts and stops the Recovery Services emulator as a child process, for build.ps1 (the demo,
    the Pester task) and the Pester suite.

    The address comes from the emulator itself: it prints "listening on <url>" once Kestrel has bound
    its port, and that line is read from this process's own output. So a caller never talks to
    another program that happens to hold the port (an emulator left over from an earlier run, say):
    if the port asked for is taken, the emulator cannot bind it and exits, and Start-BackupEmulator
    says so instead of returning.
#>
Set-StrictMode -Version Latest

function Test-LoopbackPortFree {
    [CmdletBinding()]
    [OutputType([bool])]
    param([Parameter(Mandatory)] [int] $Port)
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $Port)
    try { $listener.Start(); return $true }
    catch [System.Net.Sockets.SocketException] { return $false }
    finally { $listener.Stop() }
}

function Start-BackupEmulator {
    <#
    .SYNOPSIS
        Starts the built emulator on 127.0.0.1:$Port (0: a free port of the system's choosing), http or https, and
        returns @{ Process; Url; OutLog; ErrLog } once it listens. Stop it with Stop-BackupEmulator.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $EmulatorDll,
        [int] $Port = 0,
        # https needs '--certificate <pfx>' among the Settings (an MSAL authority must be https).
        [ValidateSet('http', 'https')] [string] $Scheme = 'http',
        [string[]] $Settings = @(),
        [Parameter(Mandatory)] [string] $LogDirectory,
        [int] $TimeoutSeconds = 60
    )
    if (-not (Test-Path $EmulatorDll)) { throw "No emulator build at $EmulatorDll." }
    $null = New-Item -ItemType Directory -Path $LogDirectory -Force
    $stamp = '{0}-{1}' -f $PID, [guid]::NewGuid().ToString('N').Substring(0, 8)
    $outLog = Join-Path $LogDirectory "emulator-$stamp.out.log"
    $errLog = Join-Path $LogDirectory "emulator-$stamp.err.log"
    # Quoted: Windows PowerShell joins -ArgumentList with spaces and does not quote a path that has one.
    $arguments = @("`"$EmulatorDll`"", '--urls', "${Scheme}://127.0.0.1:$Port") + $Settings
    # The built dll is started directly (not 'dotnet run'), so stopping this process stops the server.
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -PassThru -NoNewWindow `
        -RedirectStandardOutput $outLog -RedirectStandardError $errLog
    $started = $false
    try {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        while ([DateTime]::UtcNow -lt $deadline) {
            $text = if (Test-Path $outLog) { Get-Content -Path $outLog -Raw } else { $null }
            if ($text -and $text -match 'listening on (https?://\S+?)/?\s') {
                $started = $true
                return [pscustomobject]@{ Process = $process; Url = $Matches[1]; OutLog = $outLog; ErrLog = $errLog }
            }
            if ($process.HasExited) {
                $reason = if (Test-Path $errLog) { (Get-Content -Path $errLog -Tail 5) -join [Environment]::NewLine } else { '' }
                if ($Port -ne 0 -and $reason -match 'address already in use|AddressInUse|EADDRINUSE') {
                    throw "Port $Port on 127.0.0.1 is taken by another program, so the emulator could not listen there."
                }
                throw "The emulator exited at start (exit code $($process.ExitCode)); see $errLog.$([Environment]::NewLine)$reason"
            }
            Start-Sleep -Milliseconds 200
        }
        throw "The emulator did not start listening within $TimeoutSeconds seconds; see $outLog and $errLog."
    }
    finally {
        # A failed start, an error or Ctrl+C before the caller has the process: stop it here.
        if (-not $started) { Stop-BackupEmulator -Emulator ([pscustomobject]@{ Process = $process }) }
    }
}

function Stop-BackupEmulator {
    <# .SYNOPSIS Stops an emulator started by Start-BackupEmulator and waits until it has exited. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [AllowNull()] [object] $Emulator)
    if ($null -eq $Emulator -or $null -eq $Emulator.Process) { return }
    $process = [System.Diagnostics.Process] $Emulator.Process
    try {
        if (-not $process.HasExited) {
            $process.Kill()
            $null = $process.WaitForExit(15000)
        }
    }
    catch [System.InvalidOperationException] {
        # It exited between the check and the kill.
    }
}

Export-ModuleMember -Function Test-LoopbackPortFree, Start-BackupEmulator, Stop-BackupEmulator
