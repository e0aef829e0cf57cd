#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Import-Module loads nothing of the client (docs/benchmarks.md, issue 9): the client, Azure.Core, Azure.Identity and
# MSAL load, in the module's private load context, when the first cmdlet needs them; the format views and the type
# names of the client's types come with that first cmdlet too. A real 'dotnet pwsh' process (LazyImport.Session.ps1),
# since what a process has loaded cannot be unloaded.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    $script:Emulator = Start-TestEmulator
    Push-Location $script:RepoRoot   # 'dotnet pwsh' finds the PowerShell of the repository's tool manifest from here
    try {
        $output = & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'LazyImport.Session.ps1') `
            -ModuleManifest $script:ModuleManifest -Url $script:Emulator.Url 2>&1 | ForEach-Object { "$_" }
        $script:Run = [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = $output -join [Environment]::NewLine }
    }
    finally { Pop-Location }
}

AfterAll {
    Stop-BackupEmulator -Emulator $script:Emulator
}

Describe 'Import-Module is lazy' {
    It 'the session ran to its end' {
        $script:Run.ExitCode | Should -Be 0 -Because $script:Run.Text
        $script:Run.Text | Should -Match 'session: done'
    }

    It 'Import-Module exports every cmdlet but loads neither the client nor Azure, and no format views yet' {
        $script:Run.Text | Should -Match 'after import: client assemblies \[\]'
        $script:Run.Text | Should -Match 'after import: policy views 0'
        $script:Run.Text | Should -Match 'after import: commands (2\d|[3-9]\d)'
    }

    It 'the first cmdlet loads the client and Azure.Core in the private load context, the views and the type names' {
        $script:Run.Text | Should -Match 'after a cmdlet: client assemblies \[[^\]]*Azure\.Core in DependencyLoadContext[^\]]*\]'
        $script:Run.Text | Should -Match 'after a cmdlet: client assemblies \[[^\]]*BackupCmdlets\.Client in DependencyLoadContext[^\]]*\]'
        $script:Run.Text | Should -Not -Match 'after a cmdlet: client assemblies \[[^\]]*in DefaultAssemblyLoadContext'
        $script:Run.Text | Should -Match 'after a cmdlet: policy views 1'
        $script:Run.Text | Should -Match 'after a cmdlet: type literal resolves: True'
        $script:Run.Text | Should -Match 'after a cmdlet: table header: Name\s+Workload\s+Schedule'
    }

    It 'later cmdlets and a new import add nothing twice' {
        $script:Run.Text | Should -Match 'after a second cmdlet: policy views 1'
        $script:Run.Text | Should -Match 'after import again: type literal resolves: True'
        $script:Run.Text | Should -Match 'after import again: policy views 1'
    }
}
