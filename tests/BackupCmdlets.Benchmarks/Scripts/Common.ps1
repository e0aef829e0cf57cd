# Dot-sourced by the benchmark scripts: the packaged module, connected to the emulator's default vault.
param()
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Connect-Bench([string] $Module, [string] $Url) {
    Import-Module $Module
    Connect-BackupVault -Environment Emulator -ResourceManagerUrl $Url -SubscriptionId 00000000-0000-0000-0000-000000000000 `
        -ResourceGroupName SQLServerSelfHost -Name SQLServer2012 | Out-Null
}

function Write-Result([hashtable] $Values) {
    # The one line the harness reads.
    'RESULT ' + ($Values | ConvertTo-Json -Compress)
}
