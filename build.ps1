#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests, packages and demonstrates the BackupCmdlets module.
.DESCRIPTION
    Run it with the PowerShell that the repository's tool manifest restores, so nothing but the
    .NET SDK is needed:  dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo

    Tasks run in the order given:
      Build    dotnet build of the solution.
      Test     dotnet test of the solution (the same tests CI runs).
      Package  a loadable module folder in out/BackupCmdlets: manifest, cmdlet assembly, format file, help,
               and the client with its dependencies in dependencies/.
      Demo     packages the module, starts the Recovery Services emulator on http://127.0.0.1:5599
               (on a free port, with a warning, if 5599 is taken) and runs examples/Demo.ps1: the
               whole SQL workflow, then a VM and a file share, printing each object. The emulator is
               stopped when the demo ends, fails or is interrupted with Ctrl+C.
      Pester   packages the module, restores Pester from NuGet (tools/pester, no PowerShell Gallery)
               and runs the Pester 5 tests in tests/pester against the emulator (with the older
               Azure.Core, Azure.Identity and MSAL of tools/older-azure/OlderAzure.Restore.csproj in out/older-azure).
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Demo
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build, Package -Configuration Release
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
$outDir = Join-Path $root 'out'
$moduleOut = Join-Path $outDir 'BackupCmdlets'
$emulatorProject = Join-Path $root 'src/BackupCmdlets.Emulator/BackupCmdlets.Emulator.csproj'
$emulatorDll = Join-Path $root "src/BackupCmdlets.Emulator/bin/$Configuration/net10.0/BackupCmdlets.Emulator.dll"
$pesterProject = Join-Path $root 'tools/pester/Pester.Restore.csproj'
$olderAzureProject = Join-Path $root 'tools/older-azure/OlderAzure.Restore.csproj'
$demoPort = 5599

Import-Module (Join-Path $root 'tools/EmulatorProcess.psm1') -Force

function Invoke-Dotnet {
    param([Parameter(Mandatory)] [string[]] $Arguments)
    Write-Host "dotnet $($Arguments -join ' ')" -ForegroundColor Cyan
    # To the host, never to the output: a function that calls this returns only what it means to.
    & dotnet @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE." }
}

function Invoke-BuildTask { Invoke-Dotnet @('build', $solution, '-c', $Configuration) }

function Invoke-TestTask { Invoke-Dotnet @('test', $solution, '-c', $Configuration) }

function Invoke-PackageTask {
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    Invoke-Dotnet @('publish', (Join-Path $root 'src/BackupCmdlets/BackupCmdlets.csproj'), '-c', $Configuration, '-o', $moduleOut)
    Copy-Item -Path (Join-Path $root 'module/*') -Destination $moduleOut -Recurse -Force
    Get-ChildItem -Path $moduleOut -Filter '*.pdb' | Remove-Item -Force
    # Only the cmdlet assembly at the root: the client and every dependency in a folder PowerShell does not
    # probe, loaded by the module itself (a private load context on PowerShell 7; see docs/beside-az.md).
    $dependencies = New-Item -ItemType Directory -Path (Join-Path $moduleOut 'dependencies') -Force
    Get-ChildItem -Path $moduleOut -Filter '*.dll' | Where-Object Name -ne 'BackupCmdlets.dll' | Move-Item -Destination $dependencies
    Remove-Item -Path (Join-Path $moduleOut 'BackupCmdlets.deps.json') -ErrorAction SilentlyContinue
    # Help also at the module root, for hosts whose UI culture is invariant (LANG=C) and look there.
    Copy-Item -Path (Join-Path $root 'module/en-US/BackupCmdlets.dll-Help.xml') -Destination $moduleOut -Force
    $manifest = Test-ModuleManifest -Path (Join-Path $moduleOut 'BackupCmdlets.psd1')
    Write-Host "Packaged $($manifest.Name) $($manifest.Version) in $moduleOut" -ForegroundColor Green
}

function Invoke-EmulatorBuild { Invoke-Dotnet @('build', $emulatorProject, '-c', $Configuration) }

function Import-PesterFromNuGet {
    # The version is the one tools/pester/Pester.Restore.csproj names; the package comes from the
    # NuGet feed through 'dotnet restore', into the global packages folder that restore reports.
    $download = ([xml] (Get-Content -Path $pesterProject -Raw)).Project.ItemGroup.PackageDownload |
        Where-Object { $_.Include -eq 'Pester' }
    $version = $download.Version.Trim('[', ']')
    Invoke-Dotnet @('restore', $pesterProject)
    $packageRoot = (& dotnet msbuild $pesterProject -nologo -getProperty:NuGetPackageRoot | Out-String).Trim()
    if ($LASTEXITCODE -ne 0 -or -not $packageRoot) { throw "Could not read the NuGet packages folder of $pesterProject." }
    $manifest = Join-Path $packageRoot "pester/$version/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) { throw "Pester $version was restored, but $manifest is missing." }
    Get-Module Pester | Remove-Module -Force
    Import-Module $manifest -Force -Global
    $loaded = Get-Module Pester
    Write-Host "Pester $($loaded.Version) from $manifest" -ForegroundColor Green
}

function Invoke-DemoTask {
    Invoke-PackageTask
    Invoke-EmulatorBuild
    $port = $demoPort
    if (-not (Test-LoopbackPortFree -Port $port)) {
        Write-Warning ("Port $port on 127.0.0.1 is already in use (an emulator left running by an earlier demo, or another " +
            "program). The demo will not talk to it: its own emulator listens on a free port instead.")
        $port = 0
    }
    $emulator = Start-BackupEmulator -EmulatorDll $emulatorDll -Port $port -LogDirectory $outDir `
        -Settings @('--operation-seconds', '2', '--job-seconds', '4', '--retry-after', '1')
    try {
        Write-Host "Recovery Services emulator (process $($emulator.Process.Id)) listening on $($emulator.Url)" -ForegroundColor Green
        & (Join-Path $root 'examples/Demo.ps1') -ModulePath $moduleOut -EmulatorUrl $emulator.Url
    }
    finally {
        # Success, failure or Ctrl+C: the emulator goes with the demo.
        Stop-BackupEmulator -Emulator $emulator
        Write-Host "Stopped the emulator (process $($emulator.Process.Id))." -ForegroundColor Green
    }
}

function Invoke-PesterTask {
    Invoke-PackageTask
    Invoke-EmulatorBuild
    Import-PesterFromNuGet
    # Az.Accounts' older Azure.Core, Azure.Identity and MSAL, for tests/pester/BesideAz.Tests.ps1.
    $olderAzure = Join-Path $outDir 'older-azure'
    Invoke-Dotnet @('publish', $olderAzureProject, '-c', $Configuration, '-o', $olderAzure)
    $env:BACKUPCMDLETS_OLDER_AZURE = $olderAzure
    $env:BACKUPCMDLETS_MODULE = $moduleOut
    $env:BACKUPCMDLETS_EMULATOR = $emulatorDll
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $root 'tests/pester'
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $config
    # One plain line for CI to add to its totals.
    Write-Host "Pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped"
    if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') {
        throw "Pester: $($result.FailedCount) test(s) failed$(if ($result.Result -ne 'Passed') { " (result: $($result.Result))" })."
    }
}

$completed = $false
$failed = $false
try {
    foreach ($name in $Task) {
        switch ($name) {
            'Build'   { Invoke-BuildTask }
            'Test'    { Invoke-TestTask }
            'Package' { Invoke-PackageTask }
            'Demo'    { Invoke-DemoTask }
            'Pester'  { Invoke-PesterTask }
        }
    }
    $completed = $true
}
catch {
    $failed = $true
    throw
}
finally {
    # Ctrl+C stops the script without an error, and pwsh would then exit 0 as if all went well.
    # Exit 130, as a shell does for an interrupted command (the tasks' own finally blocks have run).
    # SetShouldExit, not 'exit': an advanced script that is being stopped ignores 'exit'.
    if (-not $completed -and -not $failed) {
        Write-Host 'Interrupted.' -ForegroundColor Yellow
        $Host.SetShouldExit(130)
    }
}
