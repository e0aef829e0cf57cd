#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Waits that outlive the process, as when Azure Automation unloads a runbook after three hours and starts
# it again: one 'dotnet pwsh' process starts work and saves it (Export-Clixml and ConvertTo-Json), then
# exits; the next process reads it back and waits. Each write reaches the service once.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    # Operations that outlast a process's exit, so the next one resumes work still in progress.
    $script:Emulator = Start-BackupEmulator -EmulatorDll $script:EmulatorDll -Port 0 -LogDirectory ([System.IO.Path]::GetTempPath()) `
        -Settings @('--operation-seconds', '3', '--job-seconds', '2', '--retry-after', '1')
    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) "backupcmdlets-resume-$PID"
    $null = New-Item -ItemType Directory -Path $script:Folder -Force

    # Each step is a process of its own; what one saves in the folder, the next reads.
    $script:Step = Join-Path $script:Folder 'step.ps1'
    Set-Content -Path $script:Step -Encoding utf8 -Value @'
param([string] $ModuleManifest, [string] $Url, [string] $Folder, [string] $Step)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest
Connect-BackupVault -Environment Emulator -ResourceManagerUrl $Url -SubscriptionId 00000000-0000-0000-0000-000000000000 `
    -ResourceGroupName SQLServerSelfHost -Name SQLServer2012 | Out-Null
$xml = Join-Path $Folder 'op.xml'
$json = Join-Path $Folder 'op.json'
function Save($clixml, $jsonOne) {
    $clixml | Export-Clixml -Path $xml
    ConvertTo-Json -InputObject @($jsonOne) | Set-Content -Path $json
}
function Resumed { @(Import-Clixml -Path $xml) + @(Get-Content -Raw -Path $json | ConvertFrom-Json) }
switch ($Step) {
    'register' {
        Invoke-BackupContainerRefresh -Wait | Out-Null
        $op = Register-BackupContainer -FriendlyName sqlserver-0 -WorkloadType SQLDataBase
        Save $op $op
    }
    'protect' {
        # The same registration saved both ways: both waits give the container.
        Resumed | Wait-BackupOperation | ForEach-Object { "container $($_.GetType().Name) $($_.Name) $($_.RegistrationStatus)" }
        Get-BackupContainer -FriendlyName sqlserver-0 | Invoke-BackupContainerInquiry -Wait | Out-Null
        $ops = Get-BackupProtectableItem -Name msdb, model | Enable-BackupProtection -PolicyName HourlyLogBackup
        Save ($ops | Where-Object TargetName -EQ msdb) ($ops | Where-Object TargetName -EQ model)
    }
    'backup' {
        $items = Resumed | Wait-BackupOperation
        $items | ForEach-Object { "item $($_.GetType().Name) $($_.FriendlyName)" }
        $ops = $items | Start-BackupItem -BackupType Full
        Save ($ops | Where-Object TargetName -EQ msdb) ($ops | Where-Object TargetName -EQ model)
    }
    'wait' {
        Resumed | Wait-BackupOperation | Wait-BackupJob -PollInterval 0.5 | ForEach-Object { "job $($_.GetType().Name) $($_.JobId) $($_.EntityFriendlyName) $($_.Status)" }
    }
}
"step $Step done"
'@

    function Invoke-Step([string] $Name) {
        # 'dotnet pwsh' finds the PowerShell of the repository's tool manifest from the repository root.
        Push-Location $script:RepoRoot
        try {
            $output = & dotnet pwsh -NoProfile -NonInteractive -File $script:Step -ModuleManifest $script:ModuleManifest `
                -Url $script:Emulator.Url -Folder $script:Folder -Step $Name 2>&1 | ForEach-Object { "$_" }
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = $output -join [Environment]::NewLine; Lines = $output }
        }
        finally { Pop-Location }
    }

    function Get-Sent([string] $Method, [string] $PathPattern) {
        # Assigned first: Invoke-RestMethod writes a JSON array as one object.
        $sent = Invoke-RestMethod -Uri "$($script:Emulator.Url)/emulator/requests"
        @($sent | Where-Object { $_.method -eq $Method -and $_.path -match $PathPattern })
    }
}

AfterAll {
    Stop-BackupEmulator -Emulator $script:Emulator
    if ($script:Folder) { Remove-Item -Path $script:Folder -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'A wait resumed in a new process' {
    It 'registers in one process and gets the container in the next, from Clixml and from JSON' {
        $run = Invoke-Step register
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run = Invoke-Step protect
        $run.ExitCode | Should -Be 0 -Because $run.Text
        @($run.Lines -match '^container ').Count | Should -Be 2 -Because $run.Text
        $run.Lines -match '^container ' | Should -Match '^container ProtectionContainer \S*sqlserver-0 Registered$'
        (Get-Sent PUT '/protectionContainers/[^/]*sqlserver-0$').Count | Should -Be 1
    }

    It 'protects in one process and gets the protected items in the next' {
        $run = Invoke-Step backup
        $run.ExitCode | Should -Be 0 -Because $run.Text
        ($run.Lines -match '^item ' | Sort-Object) | Should -Be @('item ProtectedItem model', 'item ProtectedItem msdb')
        $ledger = Invoke-RestMethod -Uri "$($script:Emulator.Url)/emulator/ledger"
        @($ledger | Where-Object event -EQ ProtectedItemCreated).Count | Should -Be 2
        (Get-Sent PUT '/protectedItems/[^/]+$').Count | Should -Be 2
    }

    It 'starts backups in one process and waits for their jobs in the next, each backup triggered once' {
        $run = Invoke-Step wait
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $jobs = @($run.Lines -match '^job ')
        $jobs.Count | Should -Be 2 -Because $run.Text
        $jobs | Should -Match '^job BackupJob \S+ (msdb|model) Completed$'
        (Get-Sent POST '/backup$').Count | Should -Be 2
        $ledger = Invoke-RestMethod -Uri "$($script:Emulator.Url)/emulator/ledger"
        $started = @($ledger | Where-Object event -EQ BackupStarted)
        $started.Count | Should -Be 2
        foreach ($entry in $started) { $run.Text | Should -Match ([regex]::Escape(($entry.detail -split '/')[-1])) }
    }
}
