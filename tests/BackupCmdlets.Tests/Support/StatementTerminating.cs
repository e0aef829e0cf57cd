namespace BackupCmdlets.Tests.Support;

/// <summary>
/// In a script, a cmdlet's terminating error (ThrowTerminatingError, or the binder refusing its parameters) ends
/// only that statement: PowerShell writes it to the error stream, as it does a non-terminating error, and runs the
/// next statement. try/catch tells them apart as a user's script would: it catches a terminating error and never a
/// non-terminating one. Rethrown, the terminating error stops the script, so it is the run's TerminatingError.
/// </summary>
internal static class StatementTerminating
{
    /// <summary><paramref name="command"/>, whose terminating error (if any) stops the whole run.</summary>
    public static string Stops(string command) => "try {\n" + command + "\n} catch { throw }";
}
