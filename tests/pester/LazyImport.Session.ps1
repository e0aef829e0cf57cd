# One session of tests/pester/LazyImport.Tests.ps1, run as 'dotnet pwsh -File' in a process of its own (an assembly,
# once loaded, stays for the life of the process): what Import-Module loads, and what the first cmdlet adds.
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $Url
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
trap { "session failed: $($_.Exception.Message)"; exit 1 }

function Get-ClientAssembly {
    # The client and what it brings (Azure.Core, Azure.Identity, MSAL, System.ClientModel), with the load context of each.
    [AppDomain]::CurrentDomain.GetAssemblies() |
        Where-Object { $_.GetName().Name -match '^(Azure\.|Microsoft\.Identity\.|System\.ClientModel$|BackupCmdlets\.Client$)' } |
        ForEach-Object { '{0} in {1}' -f $_.GetName().Name, [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).GetType().Name } |
        Sort-Object
}
function Get-ViewCount { @(Get-FormatData -TypeName BackupCmdlets.Client.Models.BackupPolicy).Count }

Import-Module $ModuleManifest
"after import: client assemblies [$((Get-ClientAssembly) -join '; ')]"
"after import: policy views $(Get-ViewCount)"
"after import: commands $(@(Get-Command -Module BackupCmdlets).Count)"

Connect-BackupVault -Environment Emulator -ResourceManagerUrl $Url -SubscriptionId 00000000-0000-0000-0000-000000000000 `
    -ResourceGroupName SQLServerSelfHost -Name SQLServer2012 | Out-Null
$policy = Get-BackupPolicy -Name HourlyLogBackup
"after a cmdlet: client assemblies [$((Get-ClientAssembly) -join '; ')]"
"after a cmdlet: policy views $(Get-ViewCount)"
"after a cmdlet: type literal resolves: $($policy -is [BackupCmdlets.Client.Models.BackupPolicy])"
# The table view (Name, WorkloadType, ...), not PowerShell's default list of every property.
"after a cmdlet: table header: $((($policy | Format-Table | Out-String -Width 200) -split "`n" | Where-Object { $_ -match '\S' } | Select-Object -First 1).Trim())"
Get-BackupPolicy -Name HourlyLogBackup | Out-Null
"after a second cmdlet: policy views $(Get-ViewCount)"

# Remove-Module and Import-Module again: the type names go and come back with the next cmdlet.
Remove-Module BackupCmdlets
Import-Module $ModuleManifest
Connect-BackupVault -Environment Emulator -ResourceManagerUrl $Url -SubscriptionId 00000000-0000-0000-0000-000000000000 `
    -ResourceGroupName SQLServerSelfHost -Name SQLServer2012 | Out-Null
"after import again: type literal resolves: $((Get-BackupPolicy -Name HourlyLogBackup) -is [BackupCmdlets.Client.Models.BackupPolicy])"
"after import again: policy views $(Get-ViewCount)"
'session: done'
