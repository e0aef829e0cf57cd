using System.Collections.Concurrent;

namespace BackupCmdlets.Emulator.Faults;

/// <summary>What the service did, as opposed to what it was asked: tests read it to prove nothing was lost or doubled.</summary>
public sealed record LedgerEntry(DateTimeOffset At, string Event, string Subject, string? Detail);

public sealed class Ledger
{
    readonly ConcurrentQueue<LedgerEntry> entries = new();

    public void Record(DateTimeOffset at, string @event, string subject, string? detail = null) =>
        entries.Enqueue(new LedgerEntry(at, @event, subject, detail));

    public IReadOnlyList<LedgerEntry> Entries => entries.ToArray();

    public IEnumerable<LedgerEntry> Of(string @event) => entries.Where(e => e.Event == @event);

    public const string BackupStarted = "BackupStarted";
    public const string JobCreated = "JobCreated";
    public const string ProtectedItemCreated = "ProtectedItemCreated";
    public const string OperationFailed = "OperationFailed";
    public const string FaultInjected = "FaultInjected";
}
