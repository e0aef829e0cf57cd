@{
    RootModule           = 'BackupCmdlets.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '2a068591-ccc5-4728-813d-4fd18563fe1b'
    Author               = 'BackupCmdlets developers'
    CompanyName          = 'BackupCmdlets'
    Copyright            = '(c) BackupCmdlets developers. All rights reserved.'
    Description          = 'Azure Backup (Recovery Services) for SQL Server databases in Azure VMs: discover, register, protect, back up on demand, and wait for every operation and job. Pipeline-first, honours Retry-After, never repeats a backup trigger blindly.'
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
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags = @('Azure', 'Backup', 'RecoveryServices', 'SQL', 'SQLServer', 'AzureVM', 'PSEdition_Desktop', 'PSEdition_Core')
        }
    }
}
