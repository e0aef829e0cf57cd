@{
    RootModule           = 'BackupCmdlets.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '2a068591-ccc5-4728-813d-4fd18563fe1b'
    Author               = 'BackupCmdlets developers'
    CompanyName          = 'BackupCmdlets'
    Copyright            = '(c) BackupCmdlets developers. All rights reserved.'
    Description          = 'Azure Backup (Recovery Services) for SQL Server databases in Azure VMs, whole Azure VMs and Azure file shares: discover, register, protect, back up on demand, and wait for every operation and job. Pipeline-first, honours Retry-After, never repeats a backup trigger blindly.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('BackupCmdlets.format.ps1xml')
    CmdletsToExport      = @(
        'Connect-BackupVault'
        'Disconnect-BackupVault'
        'Get-BackupContext'
        'Invoke-BackupContainerRefresh'
        'Get-BackupProtectableContainer'
        'Register-BackupContainer'
        'Get-BackupContainer'
        'Invoke-BackupContainerInquiry'
        'Get-BackupProtectableItem'
        'Get-BackupPolicy'
        'Enable-BackupProtection'
        'Get-BackupProtectedItem'
        'Start-BackupItem'
        'Wait-BackupOperation'
        'Get-BackupJob'
        'Wait-BackupJob'
        'Stop-BackupJob'
        'Get-BackupRecoveryPoint'
        'Enable-BackupAutoProtection'
        'Disable-BackupAutoProtection'
        'Get-BackupAutoProtection'
        'Disable-BackupProtection'
        'Set-BackupProtection'
        'Unregister-BackupContainer'
        'Undo-BackupItemDeletion'
        'Restore-BackupItem'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags = @('Azure', 'Backup', 'RecoveryServices', 'SQL', 'SQLServer', 'AzureVM', 'FileShare', 'PSEdition_Desktop', 'PSEdition_Core')
            # No ProjectUri or LicenseUri: the project has no public home or licence file yet; add both when it does.
            ReleaseNotes = @'
0.1.0
- SQL Server databases in Azure VMs, Azure VMs and Azure file shares: discover, register, inquire, protect, back up on demand, list recovery points.
- Wait-BackupOperation and Wait-BackupJob wait for many at once; Wait-BackupJob gives up after -Timeout (default 86400 seconds).
- Names are checked against Azure Resource Manager's rules and escaped before any request is sent.
- Retries honour Retry-After; a backup trigger is never repeated blindly.
'@
        }
    }
}
