@{
    RootModule           = 'BackupCmdlets.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '2a068591-ccc5-4728-813d-4fd18563fe1b'
    Author               = 'BackupCmdlets developers'
    CompanyName          = 'BackupCmdlets'
    Copyright            = '(c) BackupCmdlets developers. All rights reserved.'
    Description          = 'Azure Backup (Recovery Services) for SQL Server databases in Azure VMs (instances and availability groups), whole Azure VMs and Azure file shares: discover, register, protect (also automatically), back up on demand, restore (to a point in time), stop, resume and unregister, and wait for every operation and job, also from another process. Pipeline-first, honours Retry-After, never repeats a backup or restore trigger blindly; lives beside Az in one session.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    # No FormatsToProcess: the module's first cmdlet in a session loads BackupCmdlets.format.ps1xml (FormatViews.cs), so Import-Module stays quick.
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
- Restore-BackupItem: SQL databases over the original, as a new database or as files, to a point in time in the log chain; VM disks; file shares.
- Disable-, Set-BackupProtection, Undo-BackupItemDeletion, Unregister-BackupContainer: stop (keeping or deleting data), resume, change policy, undelete, unregister.
- Enable-, Disable-, Get-BackupAutoProtection for SQL instances and availability groups.
- Saved operations and jobs (Export-Clixml, ConvertTo-Json) are waited on again in a new process; -OperationVariable keeps what -Wait started.
- On PowerShell 7 Azure.Core, Azure.Identity and MSAL load in a private load context, so Az.Accounts in the same session is no conflict.
'@
        }
    }
}
