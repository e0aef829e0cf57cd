using BackupCmdlets.Emulator.Infrastructure;

namespace BackupCmdlets.Emulator.State;

public sealed partial class EmulatorState
{
    /// <summary>The cursors of lists being paged through, so each page costs its own size.</summary>
    public Pager Pages { get; } = new();
}
