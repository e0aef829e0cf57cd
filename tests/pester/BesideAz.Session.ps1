# One PowerShell session of tests/pester/BesideAz.Tests.ps1, run as 'dotnet pwsh -File' in a process of its
# own: the older Azure.Core, Azure.Identity and MSAL that Az.Accounts ships go into the default load context
# before or after BackupCmdlets, and both are used. Each step writes one line; an error ends the process
# with a non-zero exit code and the error text.
param(
    [Parameter(Mandatory)] [ValidateSet('AzFirst', 'ModuleFirst')] [string] $Order,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $OlderAzure,
    [Parameter(Mandatory)] [string] $Url
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$PSStyle.OutputRendering = 'PlainText'
# The error's message on one line, so the caller can match it whatever the console width.
trap { "session failed: $($_.Exception.Message)"; exit 1 }

$vault = @{ Environment = 'Emulator'; ResourceManagerUrl = $Url; SubscriptionId = '00000000-0000-0000-0000-000000000000'
    ResourceGroupName = 'SQLServerSelfHost'; Name = 'SQLServer2012' }
$platform = [AppContext]::GetData('TRUSTED_PLATFORM_ASSEMBLIES') -split [IO.Path]::PathSeparator |
    ForEach-Object { [IO.Path]::GetFileNameWithoutExtension($_) }

function Import-OlderAzure {
    # As Az.Accounts does: its own assemblies into the default load context, with LoadFrom. What the
    # runtime has (System.Text.Json, System.Memory, ...) comes from the runtime, for Az as for everyone.
    Get-ChildItem -Path $OlderAzure -Filter *.dll | Sort-Object Name |
        Where-Object { $_.BaseName -notin $platform -and $_.BaseName -ne 'OlderAzure.Restore' } |
        ForEach-Object { $null = [Reflection.Assembly]::LoadFrom($_.FullName) }   # in name order: Azure.Core first
    'older: Azure.Core {0}, Azure.Identity {1}, MSAL {2}' -f [Azure.Core.Pipeline.HttpPipeline].Assembly.GetName().Version,
        [Azure.Identity.ManagedIdentityCredential].Assembly.GetName().Version, [Microsoft.Identity.Client.ConfidentialClientApplication].Assembly.GetName().Version
}

function Use-OlderAzure {
    # As an Az cmdlet would: a managed-identity token from Azure.Identity 1.12.1 (which signs in without
    # MSAL), a request through an Azure.Core 1.44.1 HttpPipeline, and an MSAL 4.65 client application.
    $credential = [Azure.Identity.ManagedIdentityCredential]::new([string] $null)
    $policy = [Azure.Core.Pipeline.BearerTokenAuthenticationPolicy]::new($credential, "$Url/.default")
    $pipeline = [Azure.Core.Pipeline.HttpPipeline]::new([Azure.Core.Pipeline.HttpClientTransport]::new(), [Azure.Core.Pipeline.HttpPipelinePolicy[]] @($policy))
    $request = $pipeline.CreateRequest()
    $request.Method = [Azure.Core.RequestMethod]::Get
    $request.Uri.Reset([uri] ("$Url/subscriptions/$($vault.SubscriptionId)/resourceGroups/$($vault.ResourceGroupName)" +
            "/providers/Microsoft.RecoveryServices/vaults/$($vault.Name)/backupPolicies?api-version=2025-08-01"))
    $response = $pipeline.SendRequest($request, [Threading.CancellationToken]::None)
    $null = [Microsoft.Identity.Client.ConfidentialClientApplicationBuilder]::Create('az-app').WithClientSecret('not-used').Build()
    'older pipeline: {0} from Azure.Core {1}' -f $response.Status, $pipeline.GetType().Assembly.GetName().Version
}

function Invoke-SqlWorkflow {
    # The managed identity through IDENTITY_ENDPOINT (the caller points it at the emulator), then a service
    # principal with a secret at the emulator's https authority: Azure.Identity 1.21 signs in through MSAL
    # for both. Runs again in the same emulator: registers and protects only what is not yet.
    Connect-BackupVault @vault -Identity | Out-Null
    Invoke-BackupContainerRefresh -BackupManagementType AzureWorkload | Wait-BackupOperation | Out-Null
    if (-not (Get-BackupContainer -FriendlyName sqlserver-0 -ErrorAction SilentlyContinue)) {
        Get-BackupProtectableContainer -FriendlyName sqlserver-0 |
            Register-BackupContainer -WorkloadType SQLDataBase | Wait-BackupOperation |
            Invoke-BackupContainerInquiry | Wait-BackupOperation | Out-Null
    }
    $item = Get-BackupProtectedItem -Name msdb -ErrorAction SilentlyContinue
    if (-not $item) {
        $item = Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0 -Name msdb |
            Enable-BackupProtection -Policy (Get-BackupPolicy -Name HourlyLogBackup) | Wait-BackupOperation
    }
    $job = $item | Start-BackupItem -BackupType Full | Wait-BackupOperation | Wait-BackupJob -PollInterval 0.5
    "module: job $($job.JobId) $($job.Status), signed in with $((Get-BackupContext).SignIn)"
    # The client's types, in the module's private load context, still resolve as type literals in a script.
    "module: type literal resolves: $($job -is [BackupCmdlets.Client.Models.BackupJob])"

    $secret = ConvertTo-SecureString -String 'beside-az-secret' -AsPlainText -Force
    Connect-BackupVault @vault -ServicePrincipal -Tenant contoso-tenant -ClientId beside-az-app -ClientSecret $secret | Out-Null
    $job = Get-BackupProtectedItem -Name msdb | Start-BackupItem -BackupType CopyOnlyFull | Wait-BackupOperation | Wait-BackupJob -PollInterval 0.5
    "module: job $($job.JobId) $($job.Status), signed in with $((Get-BackupContext).SignIn)"
}

if ($Order -eq 'AzFirst') {
    Import-OlderAzure
    Use-OlderAzure
    Import-Module $ModuleManifest
    Invoke-SqlWorkflow
    Use-OlderAzure
}
else {
    Import-Module $ModuleManifest
    Invoke-SqlWorkflow
    Import-OlderAzure
    Use-OlderAzure
    # And the module goes on working, also imported anew.
    Remove-Module BackupCmdlets
    Import-Module $ModuleManifest
    Connect-BackupVault @vault -Identity | Out-Null
    $jobs = @(Get-BackupJob -Operation Backup -Status Completed)
    "module after Import-Module again: $(if ($jobs.Count -ge 1) { '1 or more' } else { 'no' }) backup jobs"
}
'session: done'
