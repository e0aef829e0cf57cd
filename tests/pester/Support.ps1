# Shared by the Pester files: where the packaged module and the emulator build are, and an
# emulator of this file's own on a free loopback port (tools/EmulatorProcess.psm1), at test speed.
# Dot-source it in a BeforeAll:  . (Join-Path $PSScriptRoot 'Support.ps1')

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModulePath = if ($env:BACKUPCMDLETS_MODULE) { $env:BACKUPCMDLETS_MODULE } else { Join-Path $script:RepoRoot 'out/BackupCmdlets' }
$script:ModuleManifest = Join-Path $script:ModulePath 'BackupCmdlets.psd1'
$script:EmulatorDll = if ($env:BACKUPCMDLETS_EMULATOR) { $env:BACKUPCMDLETS_EMULATOR } else { Join-Path $script:RepoRoot 'src/BackupCmdlets.Emulator/bin/Release/net10.0/BackupCmdlets.Emulator.dll' }
if (-not (Test-Path $script:ModuleManifest)) { throw "No packaged module in $($script:ModulePath): run ./build.ps1 -Task Package first." }
if (-not (Test-Path $script:EmulatorDll)) { throw "No emulator build at $($script:EmulatorDll): run ./build.ps1 -Task Build first." }

Import-Module (Join-Path $script:RepoRoot 'tools/EmulatorProcess.psm1') -Force

function Start-TestEmulator {
    # Operations and jobs that end within a poll or two: the suite stays quick.
    Start-BackupEmulator -EmulatorDll $script:EmulatorDll -Port 0 -LogDirectory ([System.IO.Path]::GetTempPath()) `
        -Settings @('--operation-seconds', '0.5', '--job-seconds', '1', '--retry-after', '1')
}

function Get-VaultParameters([Parameter(Mandatory)] [string] $Url) {
    @{
        Environment        = 'Emulator'
        ResourceManagerUrl = $Url
        SubscriptionId     = '00000000-0000-0000-0000-000000000000'
        ResourceGroupName  = 'SQLServerSelfHost'
        Name               = 'SQLServer2012'
    }
}

# A self-signed certificate for 127.0.0.1 (server authentication), for an emulator on https: MSAL wants an https
# authority. Writes emulator.pfx (for the emulator's --certificate) and emulator.pem (for a child's SSL_CERT_FILE).
function New-EmulatorCertificate([Parameter(Mandatory)] [string] $Directory) {
    $key = [System.Security.Cryptography.RSA]::Create(2048)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=127.0.0.1', $key,
        [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $names = [System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
    $names.AddIpAddress([System.Net.IPAddress]::Loopback)
    $request.CertificateExtensions.Add($names.Build())
    $serverAuth = [System.Security.Cryptography.OidCollection]::new()
    $null = $serverAuth.Add([System.Security.Cryptography.Oid]::new('1.3.6.1.5.5.7.3.1'))
    $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($serverAuth, $false))
    $certificate = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(2))
    $pfx = Join-Path $Directory 'emulator.pfx'
    $pem = Join-Path $Directory 'emulator.pem'
    [IO.File]::WriteAllBytes($pfx, $certificate.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx))
    Set-Content -Path $pem -Value $certificate.ExportCertificatePem() -Encoding ascii
    [pscustomobject]@{ Pfx = $pfx; Pem = $pem }
}
