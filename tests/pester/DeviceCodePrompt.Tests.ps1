#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Connect-BackupVault -UseDeviceAuthentication shows the sign-in instruction while its request waits (as a warning,
# from the pipeline's thread), now that it no longer polls for prompts every 100 ms. MSAL needs an https authority:
# the emulator runs on https with a certificate made here, trusted by the child 'dotnet pwsh' through SSL_CERT_FILE.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    $script:Scratch = New-Item -ItemType Directory -Force -Path (Join-Path ([IO.Path]::GetTempPath()) "backupcmdlets-devicecode-$PID")
    $certificate = New-EmulatorCertificate -Directory $script:Scratch
    $pfx = $certificate.Pfx
    $pem = $certificate.Pem
    # The emulator approves each device code at once, as if the user had signed in on the other device.
    $script:Emulator = Start-BackupEmulator -EmulatorDll $script:EmulatorDll -Port 0 -Scheme https -LogDirectory $script:Scratch `
        -Settings @('--operation-seconds', '0.5', '--job-seconds', '1', '--retry-after', '1', '--certificate', $pfx)
    $session = @'
param($Manifest, $Url)
$ErrorActionPreference = 'Stop'
trap { "session failed: $($_.Exception.Message)"; exit 1 }
Import-Module $Manifest
$context = Connect-BackupVault -Environment Emulator -ResourceManagerUrl $Url -AuthorityHost $Url -Tenant contoso-tenant -UseDeviceAuthentication `
    -SubscriptionId 00000000-0000-0000-0000-000000000000 -ResourceGroupName SQLServerSelfHost -Name SQLServer2012 -WarningVariable prompts -WarningAction SilentlyContinue
"prompts: $($prompts.Count)"
"prompt: $($prompts | Select-Object -First 1)"
"connected: $($context.VaultName) with $($context.SignIn)"
'@
    $sessionFile = Join-Path $script:Scratch 'session.ps1'
    Set-Content -Path $sessionFile -Value $session
    $saved = $env:SSL_CERT_FILE
    $env:SSL_CERT_FILE = $pem
    Push-Location $script:RepoRoot   # 'dotnet pwsh' finds the PowerShell of the repository's tool manifest from here
    try {
        $output = & dotnet pwsh -NoProfile -NonInteractive -File $sessionFile -Manifest $script:ModuleManifest -Url $script:Emulator.Url 2>&1 | ForEach-Object { "$_" }
        $script:Run = [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = $output -join [Environment]::NewLine }
    }
    finally {
        Pop-Location
        $env:SSL_CERT_FILE = $saved
    }
}

AfterAll {
    Stop-BackupEmulator -Emulator $script:Emulator
    if ($script:Scratch) { Remove-Item -Path $script:Scratch -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Connect-BackupVault -UseDeviceAuthentication' {
    It 'shows the device-code instruction once as a warning, then connects' {
        $script:Run.ExitCode | Should -Be 0 -Because $script:Run.Text
        $script:Run.Text | Should -Match 'prompts: 1'
        $script:Run.Text | Should -Match 'prompt: .*/devicelogin.* code \S+'
        $script:Run.Text | Should -Match 'connected: SQLServer2012 with DeviceCode'
    }
}
