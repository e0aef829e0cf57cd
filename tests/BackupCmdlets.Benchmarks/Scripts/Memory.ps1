# Lists every SQL database of the vault through the module, counting them, and reports this process's peak
# working set (VmHWM on Linux: the most physical memory it ever held) before and after the list.
param([Parameter(Mandatory)] [string] $Module, [Parameter(Mandatory)] [string] $Url)
. (Join-Path $PSScriptRoot 'Common.ps1')
Connect-Bench -Module $Module -Url $Url
$self = [System.Diagnostics.Process]::GetCurrentProcess()
$baseline = $self.PeakWorkingSet64

$clock = [System.Diagnostics.Stopwatch]::StartNew()
$count = (Get-BackupProtectableItem -ProtectableItemType SQLDataBase | Measure-Object).Count
$clock.Stop()

$self.Refresh()
Write-Result @{
    count        = $count
    seconds      = $clock.Elapsed.TotalSeconds
    baselinePeak = $baseline
    peak         = $self.PeakWorkingSet64
    gcHeap       = [GC]::GetTotalMemory($false)
    allocated    = [GC]::GetTotalAllocatedBytes($false)
}
