#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Every PowerShell file of the repository (build.ps1, the demo, these tests, the tools, the module
# manifest) parsed by PowerShell's own parser: a syntax error anywhere fails here, even in a file
# that no other test runs.

BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    # Build output, restored packages and VCS data are not the repository's own files.
    $skip = @('.git', 'bin', 'obj', 'out', 'node_modules', 'TestResults', '.vs')
    function Find-PowerShellFile([string] $Folder) {
        foreach ($entry in Get-ChildItem -LiteralPath $Folder -Force) {
            if ($entry.PSIsContainer) {
                if ($skip -notcontains $entry.Name) { Find-PowerShellFile $entry.FullName }
            }
            elseif ($entry.Extension -in '.ps1', '.psm1', '.psd1') { $entry.FullName }
        }
    }
    $files = @(Find-PowerShellFile $root | Sort-Object | ForEach-Object {
            @{ Path = $_; Name = [System.IO.Path]::GetRelativePath($root, $_).Replace('\', '/') }
        })
}

BeforeAll {
    function Get-ParseError([string] $Path) {
        $tokens = $null
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $tokens, [ref] $errors)
        @($errors | ForEach-Object { "line $($_.Extent.StartLineNumber), column $($_.Extent.StartColumnNumber): $($_.Message)" })
    }
}

Describe 'PowerShell syntax' {
    It 'finds the repository''s PowerShell files' -ForEach @(@{ Names = @($files | ForEach-Object { $_.Name }) }) {
        $names = $Names
        $names | Should -Contain 'build.ps1'
        $names | Should -Contain 'examples/Demo.ps1'
        $names | Should -Contain 'module/BackupCmdlets.psd1'
        $names | Should -Contain 'tests/pester/Syntax.Tests.ps1'
    }

    It 'parses <Name> without an error' -ForEach $files {
        Get-ParseError $Path | Should -BeNullOrEmpty
    }

    It 'reports a file that does not parse' {
        $broken = Join-Path ([System.IO.Path]::GetTempPath()) "backupcmdlets-broken-$PID.ps1"
        Set-Content -Path $broken -Value "function Broken {`n    if (`$true) { 'unclosed'`n"
        try { @(Get-ParseError $broken).Count | Should -BeGreaterThan 0 }
        finally { Remove-Item -Path $broken -Force }
    }
}
