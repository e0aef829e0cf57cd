#if STAND_IN_ENGINE // not yet ported to real runspaces (issue 8)
using System.Collections.Concurrent;
using System.Management.Automation;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Tests.Support;

/// <summary>One error a cmdlet wrote.</summary>
public sealed record RecordedError(Exception Exception, string ErrorId, ErrorCategory Category, object? Target);

/// <summary>Thrown where PowerShell would stop the pipeline with a terminating error.</summary>
public sealed class TerminatingErrorException(RecordedError error) : Exception(error.Exception.Message, error.Exception)
{
    public RecordedError Error { get; } = error;
}

/// <summary>Records everything a cmdlet says, in place of the PowerShell runtime.</summary>
internal sealed class RecordingHost : ICmdletHost
{
    public List<object> Output { get; } = new();
    public List<RecordedError> Errors { get; } = new();
    public List<string> Verbose { get; } = new();
    public List<string> Warnings { get; } = new();
    public ConcurrentQueue<(string Activity, string Status, int Percent, bool Completed)> Progress { get; } = new();
    public List<(string Target, string Action)> ShouldProcessCalls { get; } = new();

    /// <summary>What ShouldProcess answers: false behaves like -WhatIf.</summary>
    public bool Confirm { get; set; } = true;

    public void WriteObject(object value) => Output.Add(value);
    /// <summary>Behave like -ErrorAction Stop: the first error written stops the pipeline.</summary>
    public bool StopOnError { get; set; }

    public void WriteError(Exception exception, string errorId, ErrorCategory category, object target)
    {
        var error = new RecordedError(exception, errorId, category, target);
        Errors.Add(error);
        if (StopOnError) throw new TerminatingErrorException(error);
    }
    public void WriteVerbose(string text) => Verbose.Add(text);
    public void WriteWarning(string text) => Warnings.Add(text);
    public void WriteProgress(int activityId, string activity, string status, int percentComplete, bool completed) => Progress.Enqueue((activity, status, percentComplete, completed));

    public bool ShouldProcess(string target, string action)
    {
        ShouldProcessCalls.Add((target, action));
        return Confirm;
    }

    public void ThrowTerminatingError(Exception exception, string errorId, ErrorCategory category, object target) =>
        throw new TerminatingErrorException(new RecordedError(exception, errorId, category, target));

    public IEnumerable<T> OutputOf<T>() => Output.OfType<T>();
}
#endif
