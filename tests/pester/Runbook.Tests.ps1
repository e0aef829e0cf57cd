#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The module as a runbook uses it: a script run by 'pwsh -NonInteractive -File' in a process of its
# own, with $ErrorActionPreference = 'Stop', whose exit code is all a scheduler sees.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:Emulator = Start-TestEmulator
    $script:Vault = Get-VaultParameters -Url $script:Emulator.Url
    # This runspace's own connection, to look at the vault from outside the runbook.
    Connect-BackupVault @script:Vault | Out-Null

    $script:Runbook = Join-Path ([System.IO.Path]::GetTempPath()) "backupcmdlets-runbook-$PID.ps1"
    Set-Content -Path $script:Runbook -Encoding utf8 -Value @'
param([string] $ModuleManifest, [string] $Url, [string] $PolicyName)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest
Connect-BackupVault -Environment Emulator -ResourceManagerUrl $Url -SubscriptionId 00000000-0000-0000-0000-000000000000 `
    -ResourceGroupName SQLServerSelfHost -Name SQLServer2012 | Out-Null
Invoke-BackupContainerRefresh -BackupManagementType AzureWorkload | Wait-BackupOperation | Out-Null
# A registered VM is no longer protectable (asking for it is an ObjectNotFound error): a runbook run
# again registers only what is not registered yet.
if (-not (Get-BackupContainer -FriendlyName sqlserver-0 -ErrorAction SilentlyContinue)) {
    Get-BackupProtectableContainer -FriendlyName sqlserver-0 |
        Register-BackupContainer -WorkloadType SQLDataBase | Wait-BackupOperation |
        Invoke-BackupContainerInquiry | Wait-BackupOperation | Out-Null
}
$policy = Get-BackupPolicy -Name $PolicyName
$job = Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0 -Name msdb |
    Enable-BackupProtection -Policy $policy | Wait-BackupOperation |
    Start-BackupItem -BackupType Full | Wait-BackupOperation | Wait-BackupJob -PollInterval 0.5
"runbook: job $($job.JobId) $($job.Status)"
'@

    function Invoke-Runbook([string] $PolicyName) {
        # 'dotnet pwsh' finds the PowerShell of the repository's tool manifest from the repository root.
        Push-Location $script:RepoRoot
        try {
            $output = & dotnet pwsh -NoProfile -NonInteractive -File $script:Runbook `
                -ModuleManifest $script:ModuleManifest -Url $script:Emulator.Url -PolicyName $PolicyName 2>&1 |
                ForEach-Object { "$_" }
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = $output -join [Environment]::NewLine }
        }
        finally { Pop-Location }
    }
}

AfterAll {
    if ($script:Runbook) { Remove-Item -Path $script:Runbook -Force -ErrorAction SilentlyContinue }
    Stop-BackupEmulator -Emulator $script:Emulator
    Remove-Module BackupCmdlets -ErrorAction SilentlyContinue
}

Describe 'A runbook: pwsh -NonInteractive -File with $ErrorActionPreference = Stop' {
    It 'exits non-zero with the error text when a step fails, and goes no further' {
        $run = Invoke-Runbook -PolicyName NoSuchPolicy
        $run.ExitCode | Should -Not -Be 0 -Because $run.Text
        $run.Text | Should -Match ([regex]::Escape("Policy 'NoSuchPolicy' was not found in vault 'SQLServer2012'"))
        $run.Text | Should -Not -Match 'runbook: job'
        # The steps before the failing one ran; nothing after it did.
        (Get-BackupContainer -FriendlyName sqlserver-0).RegistrationStatus | Should -Be 'Registered'
        Get-BackupProtectedItem -Name msdb -ErrorAction SilentlyContinue -ErrorVariable missed | Should -BeNullOrEmpty
        $missed.FullyQualifiedErrorId | Should -Be 'ProtectedItemNotFound,BackupCmdlets.Cmdlets.GetBackupProtectedItemCommand'
        Get-BackupJob -Operation Backup | Should -BeNullOrEmpty
    }

    It 'runs the SQL workflow to a completed job and exits 0' {
        $run = Invoke-Runbook -PolicyName HourlyLogBackup
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match 'runbook: job \S+ Completed'
        $job = @(Get-BackupJob -Operation Backup)
        $job.Count | Should -Be 1
        $job[0].Status | Should -Be 'Completed'
        $run.Text | Should -Match ([regex]::Escape($job[0].JobId))
        (Get-BackupProtectedItem -Name msdb).ProtectionState | Should -Be 'Protected'
    }
}
