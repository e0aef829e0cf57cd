using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using BackupCmdlets.Emulator;

namespace BackupCmdlets.Tests.Support;

/// <summary>
/// A real PowerShell runspace (Microsoft.PowerShell.SDK) that has imported the module's manifest, as a
/// user's session would: binding, parameter sets, pipelines, ShouldProcess, error records, streams,
/// formatting and help are the engine's own. Each test gets its own runspace, so its connection is its own
/// and tests run in parallel.
/// </summary>
internal sealed class PowerShellSession : IDisposable
{
    /// <summary>The manifest beside BackupCmdlets.dll in the test output (see the test project).</summary>
    public static string ManifestPath => Path.Combine(AppContext.BaseDirectory, "BackupCmdlets.psd1");

    public Runspace Runspace { get; }

    PowerShellSession(Runspace runspace) => Runspace = runspace;

    /// <summary>A runspace with the module imported and, for tests, Connect-TestBackupVault beside it.</summary>
    public static PowerShellSession Start()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(ManifestPath);
        state.Commands.Add(new SessionStateCmdletEntry("Connect-TestBackupVault", typeof(ConnectTestBackupVaultCommand), null));
        state.ThrowOnRunspaceOpenError = true;
        var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        return new PowerShellSession(runspace);
    }

    /// <summary>
    /// A runspace connected to <paramref name="emulator"/>. By default through Connect-TestBackupVault, with
    /// test-speed polling; <paramref name="realConnect"/> uses Connect-BackupVault exactly as a user would.
    /// </summary>
    public static PowerShellSession Connected(EmulatorHost emulator, bool realConnect = false)
    {
        var session = Start();
        var command = realConnect
            ? "Connect-BackupVault -Environment Emulator -ResourceManagerUrl $url -SubscriptionId $sub -ResourceGroupName $rg -Name $vault"
            : "Connect-TestBackupVault -ResourceManagerUrl $url";
        session.Run(command, ("url", emulator.BaseUri), ("sub", TestEmulator.Subscription), ("rg", TestEmulator.ResourceGroup), ("vault", TestEmulator.Vault))
            .AssertNoErrors();
        return session;
    }

    /// <summary>
    /// Runs <paramref name="script"/> with the given variables set. An error that stops the script (throw,
    /// -ErrorAction Stop) is captured as <see cref="PsRun.Terminating"/>, not thrown. A cmdlet's terminating
    /// error stops only its statement and lands in <see cref="PsRun.Errors"/>, as in any script: to tell the two
    /// apart as users do, run it in try/catch (<see cref="CmdletErrorChecks.Caught"/>).
    /// </summary>
    public PsRun Run(string script, params (string Name, object? Value)[] variables) => Run(script, null, variables);

    /// <summary>Runs <paramref name="script"/> with <paramref name="input"/> as its pipeline input ($input, or piped into the first command).</summary>
    public PsRun Run(string script, IEnumerable<object>? input, params (string Name, object? Value)[] variables)
    {
        using var ps = Prepare(script, variables);
        try
        {
            var output = input == null ? ps.Invoke() : ps.Invoke(input);
            return new PsRun(output, ps.Streams, null);
        }
        catch (RuntimeException e)
        {
            return new PsRun(new Collection<PSObject>(), ps.Streams, e);
        }
    }

    /// <summary>A PowerShell instance on this runspace, for tests that drive it themselves (BeginInvoke, Stop).</summary>
    public PowerShell Prepare(string script, params (string Name, object? Value)[] variables)
    {
        foreach (var (name, value) in variables) Runspace.SessionStateProxy.SetVariable(name, value);
        var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddScript(script);
        return ps;
    }

    public void Dispose() => Runspace.Dispose();
}

/// <summary>What one run wrote: output, every stream, and the terminating error if the pipeline stopped.</summary>
internal sealed class PsRun(Collection<PSObject> output, PSDataStreams streams, RuntimeException? terminating)
{
    public IReadOnlyList<PSObject> Output { get; } = output;
    public IReadOnlyList<ErrorRecord> Errors { get; } = streams.Error.ToList();
    public IReadOnlyList<string> Verbose { get; } = streams.Verbose.Select(v => v.Message).ToList();
    public IReadOnlyList<string> Warnings { get; } = streams.Warning.Select(w => w.Message).ToList();
    public IReadOnlyList<ProgressRecord> Progress { get; } = streams.Progress.ToList();
    public IReadOnlyList<string> Debug { get; } = streams.Debug.Select(d => d.Message).ToList();
    public IReadOnlyList<string> Information { get; } = streams.Information.Select(i => i.MessageData?.ToString() ?? "").ToList();

    /// <summary>The exception that stopped the pipeline (a terminating error, or -ErrorAction Stop), if any.</summary>
    public RuntimeException? Terminating { get; } = terminating;

    /// <summary>The terminating error's record.</summary>
    public ErrorRecord? TerminatingError => Terminating?.ErrorRecord;

    /// <summary>The output's base objects of type <typeparamref name="T"/>.</summary>
    public IEnumerable<T> OutputOf<T>() => Output.Select(o => o.BaseObject).OfType<T>();

    /// <summary>Every error, written or terminating.</summary>
    public IEnumerable<ErrorRecord> AllErrors => TerminatingError == null ? Errors : Errors.Append(TerminatingError);

    public PsRun AssertNoErrors()
    {
        var errors = AllErrors.ToList();
        Assert.True(errors.Count == 0, "errors:\n" + string.Join("\n", errors.Select(e => $"{e.FullyQualifiedErrorId} ({e.CategoryInfo.Category}): {e.Exception.Message}")));
        return this;
    }

    /// <summary>The terminating error, asserting there was one.</summary>
    public ErrorRecord AssertTerminated()
    {
        Assert.True(TerminatingError != null, "the pipeline was expected to stop with a terminating error; output: " + string.Join(", ", Output));
        return TerminatingError!;
    }
}
