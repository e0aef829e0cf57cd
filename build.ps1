#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests, packages and demonstrates the BackupCmdlets module.
.DESCRIPTION
    Tasks run in the order given:
      Build    dotnet build of the solution.
      Test     dotnet test of the solution (the same tests CI runs).
      Package  a loadable module folder in out/BackupCmdlets: manifest, assemblies, format file.
      Demo     packages the module, starts the Recovery Services emulator on http://127.0.0.1:5599
               and runs examples/Demo.ps1: the whole SQL workflow, printing each object.
      Pester   packages the module and runs the Pester 5 tests in tests/pester against the emulator.
.EXAMPLE
    ./build.ps1 -Task Demo
.EXAMPLE
    ./build.ps1 -Task Build, Test, Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Pester')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = $PSScriptRoot
$solution = Join-Path $root 'BackupCmdlets.sln'
$moduleOut = Join-Path (Join-Path $root 'out') 'BackupCmdlets'
$emulatorProject = Join-Path $root 'src/BackupCmdlets.Emulator/BackupCmdlets.Emulator.csproj'
$emulatorDll = Join-Path $root "src/BackupCmdlets.Emulator/bin/$Configuration/net10.0/BackupCmdlets.Emulator.dll"

function Invoke-Dotnet {
    param([Parameter(Mandatory)] [string[]] $Arguments)
    Write-Host "dotnet $($Arguments -join ' ')" -ForegroundColor Cyan
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE." }
}

function Invoke-BuildTask { Invoke-Dotnet @('build', $solution, '-c', $Configuration) }

function Invoke-TestTask { Invoke-Dotnet @('test', $solution, '-c', $Configuration) }

function Invoke-PackageTask {
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    Invoke-Dotnet @('publish', (Join-Path $root 'src/BackupCmdlets/BackupCmdlets.csproj'), '-c', $Configuration, '-o', $moduleOut)
    Copy-Item -Path (Join-Path $root 'module/*') -Destination $moduleOut -Recurse -Force
    Get-ChildItem -Path $moduleOut -Filter '*.pdb' | Remove-Item -Force
    # Help also at the module root, for hosts whose UI culture is invariant (LANG=C) and look there.
    Copy-Item -Path (Join-Path $root 'module/en-US/BackupCmdlets.dll-Help.xml') -Destination $moduleOut -Force
    $manifest = Test-ModuleManifest -Path (Join-Path $moduleOut 'BackupCmdlets.psd1')
    Write-Host "Packaged $($manifest.Name) $($manifest.Version) in $moduleOut" -ForegroundColor Green
}

function Start-Emulator {
    param([Parameter(Mandatory)] [string] $Url, [string[]] $Settings = @())
    Invoke-Dotnet @('build', $emulatorProject, '-c', $Configuration)
    $logDir = Join-Path $root 'out'
    $null = New-Item -ItemType Directory -Path $logDir -Force
    # Quoted: Windows PowerShell joins -ArgumentList with spaces and does not quote a path that has one.
    $arguments = @("`"$emulatorDll`"", '--urls', $Url) + $Settings
    # The built dll is started directly (not 'dotnet run'), so stopping this process stops the server.
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -PassThru -NoNewWindow `
        -RedirectStandardOutput (Join-Path $logDir 'emulator.out.log') -RedirectStandardError (Join-Path $logDir 'emulator.err.log')
    $deadline = (Get-Date).AddSeconds(60)
    while ((Get-Date) -lt $deadline) {
        if ($process.HasExited) { throw "The emulator exited at start (code $($process.ExitCode)); see out/emulator.err.log." }
        try {
            $null = Invoke-WebRequest -Uri "$Url/emulator/ready" -UseBasicParsing -TimeoutSec 2
            return $process
        }
        catch {
            # Any HTTP answer (the 404 of an unknown path included) means Kestrel is listening.
            if ($null -ne $_.Exception.PSObject.Properties['Response'] -and $null -ne $_.Exception.Response) { return $process }
            Start-Sleep -Milliseconds 300
        }
    }
    Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
    throw "The emulator did not answer on $Url within 60 seconds."
}

function Invoke-DemoTask {
    Invoke-PackageTask
    $emulator = Start-Emulator -Url 'http://127.0.0.1:5599' -Settings @('--operation-seconds', '2', '--job-seconds', '4', '--retry-after', '1')
    try {
        & (Join-Path $root 'examples/Demo.ps1') -ModulePath $moduleOut
    }
    finally {
        Stop-Process -Id $emulator.Id -Force -ErrorAction SilentlyContinue
    }
}

function Invoke-PesterTask {
    Invoke-PackageTask
    Invoke-Dotnet @('build', $emulatorProject, '-c', $Configuration)
    if (-not (Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.0.0' })) {
        Write-Host 'Installing Pester 5 for the current user.' -ForegroundColor Yellow
        Install-Module -Name Pester -MinimumVersion 5.0.0 -Scope CurrentUser -Force -SkipPublisherCheck
    }
    Import-Module Pester -MinimumVersion 5.0.0
    $env:BACKUPCMDLETS_MODULE = $moduleOut
    $env:BACKUPCMDLETS_EMULATOR = $emulatorDll
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $root 'tests/pester'
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $config
    # One plain line for CI to add to its totals.
    Write-Host "Pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped"
    if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') { throw "Pester: $($result.FailedCount) test(s) failed." }
}

foreach ($name in $Task) {
    switch ($name) {
        'Build'   { Invoke-BuildTask }
        'Test'    { Invoke-TestTask }
        'Package' { Invoke-PackageTask }
        'Demo'    { Invoke-DemoTask }
        'Pester'  { Invoke-PesterTask }
    }
}
