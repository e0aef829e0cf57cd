namespace BackupCmdlets.Tests.Support;

/// <summary>
/// Tests that drive cmdlets share the module's session slot (outside PowerShell there is no
/// runspace to key it by), so they run one at a time; client and emulator tests run in parallel.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SessionCollection
{
    public const string Name = "Module session";
}
