#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Beside Az.Accounts in one session (docs/beside-az.md): the older Azure.Core 1.44.1, Azure.Identity 1.12.1
# and MSAL 4.65 that Az.Accounts ships, in the default load context, and the packaged module with its own
# newer ones in its private context. Each case is a real 'dotnet pwsh' process (BesideAz.Session.ps1),
# since an assembly once loaded stays for the life of the process. With the isolation switched off
# (BACKUPCMDLETS_NO_ISOLATION=1: the dependencies go into the default context, as before) the same
# sessions fail, so these tests test the isolation.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    $script:OlderAzure = if ($env:BACKUPCMDLETS_OLDER_AZURE) { $env:BACKUPCMDLETS_OLDER_AZURE } else { Join-Path $script:RepoRoot 'out/older-azure' }
    if (-not (Test-Path (Join-Path $script:OlderAzure 'Azure.Core.dll'))) {
        throw "No older Azure assemblies in $($script:OlderAzure): run ./build.ps1 -Task Pester (it publishes tools/older-azure/OlderAzure.Restore.csproj there)."
    }
    # On https, since an MSAL authority (the service principal's sign-in) must be: a certificate made here,
    # which the sessions trust through SSL_CERT_FILE (their own trust list: only this certificate).
    $script:Scratch = New-Item -ItemType Directory -Force -Path (Join-Path ([IO.Path]::GetTempPath()) "backupcmdlets-besideaz-$PID")
    $certificate = New-EmulatorCertificate -Directory $script:Scratch
    $script:Pfx = $certificate.Pfx
    $script:Pem = $certificate.Pem
    $script:Emulator = Start-BackupEmulator -EmulatorDll $script:EmulatorDll -Port 0 -Scheme https -LogDirectory $script:Scratch `
        -Settings @('--operation-seconds', '0.5', '--job-seconds', '1', '--retry-after', '1', '--certificate', $script:Pfx)
    $script:Session = Join-Path $PSScriptRoot 'BesideAz.Session.ps1'

    function Invoke-Session([string] $Order, [switch] $NoIsolation) {
        # The child inherits these: the managed identity at the emulator, as Azure Automation sets it, and the switch.
        $saved = @{}
        $variables = @{
            IDENTITY_ENDPOINT          = "$($script:Emulator.Url)/msi/token"
            IDENTITY_HEADER            = 'emulator-identity-header'
            SSL_CERT_FILE              = $script:Pem
            BACKUPCMDLETS_NO_ISOLATION = if ($NoIsolation) { '1' } else { $null }
        }
        foreach ($name in $variables.Keys) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $variables[$name])
        }
        # 'dotnet pwsh' finds the PowerShell of the repository's tool manifest from the repository root.
        Push-Location $script:RepoRoot
        try {
            $output = & dotnet pwsh -NoProfile -NonInteractive -File $script:Session -Order $Order `
                -ModuleManifest $script:ModuleManifest -OlderAzure $script:OlderAzure -Url $script:Emulator.Url 2>&1 |
                ForEach-Object { "$_" }
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = $output -join [Environment]::NewLine }
        }
        finally {
            Pop-Location
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    $script:Older = [regex]::Escape('older: Azure.Core 1.44.1.0, Azure.Identity 1.12.1.0, MSAL 4.65.0.0')
    $script:OlderWorks = [regex]::Escape('older pipeline: 200 from Azure.Core 1.44.1.0')
    $script:ModuleWorks = 'module: job \S+ Completed, signed in with ManagedIdentity'
    $script:ServicePrincipalWorks = 'module: job \S+ Completed, signed in with ServicePrincipal'
}

AfterAll {
    Stop-BackupEmulator -Emulator $script:Emulator
    if ($script:Scratch) { Remove-Item -Path $script:Scratch -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Beside Az.Accounts in one session' {
    It 'Az first: the older Azure.Core, Azure.Identity and MSAL load and work, then the SQL workflow runs with a managed identity and a service principal, and Az still works' {
        $run = Invoke-Session -Order AzFirst
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match $script:Older
        $run.Text | Should -Match $script:ModuleWorks
        $run.Text | Should -Match $script:ServicePrincipalWorks
        $run.Text | Should -Match 'module: type literal resolves: True'
        ([regex]::Matches($run.Text, $script:OlderWorks)).Count | Should -Be 2 -Because $run.Text
        $run.Text | Should -Match 'session: done'
    }

    It 'module first: the SQL workflow runs with a managed identity and a service principal, then the older Azure.Core loads and works, and the module works on after Remove-Module and Import-Module' {
        $run = Invoke-Session -Order ModuleFirst
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match $script:ModuleWorks
        $run.Text | Should -Match $script:ServicePrincipalWorks
        $run.Text | Should -Match 'module: type literal resolves: True'
        $run.Text | Should -Match $script:Older
        $run.Text | Should -Match $script:OlderWorks
        $run.Text | Should -Match 'module after Import-Module again: 1 or more backup jobs'
        $run.Text | Should -Match 'session: done'
    }
}

Describe 'The same sessions without the isolation (BACKUPCMDLETS_NO_ISOLATION=1)' {
    It 'Az first: Connect-BackupVault fails, since the default context holds Azure.Core 1.44.1 and the client needs 1.64' {
        $run = Invoke-Session -Order AzFirst -NoIsolation
        $run.ExitCode | Should -Not -Be 0 -Because $run.Text
        $run.Text | Should -Match $script:Older
        $run.Text | Should -Match ([regex]::Escape("session failed: Could not load file or assembly 'Azure.Core, Version=1.64.0.0, Culture=neutral, PublicKeyToken=92742159e12e44c8'. The located assembly's manifest definition does not match the assembly reference."))
        $run.Text | Should -Not -Match 'module: job'
    }

    It 'module first: the older Azure.Core or MSAL cannot load, since the module has put its own in the default context' {
        $run = Invoke-Session -Order ModuleFirst -NoIsolation
        $run.ExitCode | Should -Not -Be 0 -Because $run.Text
        $run.Text | Should -Match $script:ModuleWorks
        # Azure.Core comes first in name order; MSAL has been seen to fail first too. Either way: Az cannot load its own.
        $run.Text | Should -Match ("session failed: Exception calling `"LoadFrom`" with `"1`" argument\(s\): `"Could not load file or assembly " +
            "'(Azure\.Core, Version=1\.44\.1\.0|Microsoft\.Identity\.Client, Version=4\.65\.0\.0), [^']+'\. Assembly with same name is already loaded`"")
        $run.Text | Should -Not -Match 'older pipeline'
    }
}
