# The yardstick module's manifest, shaped like BackupCmdlets.psd1 (a binary root module, its cmdlets listed).
@{
    RootModule        = 'OneCmdletModule.dll'
    ModuleVersion     = '1.0.0'
    GUID              = '7d3c1b52-4f0e-4a57-9a51-0f3b2a9e8c11'
    PowerShellVersion = '5.1'
    CmdletsToExport   = @('Get-OneThing')
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
