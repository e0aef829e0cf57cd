using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Tracing;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>
    /// Base of every cmdlet: the work lives in <see cref="Begin"/>, <see cref="Process"/> and
    /// <see cref="End"/>, guarded so that bad input and service failures become proper error records.
    /// Ctrl+C cancels whatever request or wait is under way.
    /// Threading: the connection is per runspace, so it is read only on the pipeline thread; work
    /// handed to other threads (<see cref="Run{T}"/>, waits) is given the client it needs, and
    /// output, errors and progress are written only from the pipeline thread.
    /// </summary>
    public abstract class BackupCmdletBase : PSCmdlet
    {
        readonly CancellationTokenSource stopping = new CancellationTokenSource();

        internal CancellationToken CancelToken => stopping.Token;

        /// <summary>The connected vault's context, or a terminating error saying how to connect.</summary>
        internal BackupContext Context
        {
            get
            {
                var context = BackupSession.Current;
                if (context == null)
                    ThrowTerminatingError(new InvalidOperationException("Not connected to a vault. Run Connect-BackupVault first."),
                        "NotConnected", ErrorCategory.ConnectionError, null);
                return context;
            }
        }

        internal BackupClient Client => Context.Client;

        /// <summary>Refuses an object of another vault than the connected one, before any request.</summary>
        internal void RequireConnectedVault(Client.Models.BackupResource resource, string parameter)
        {
            if (resource?.VaultId != null && !resource.VaultId.Equals(Context.VaultId))
                throw new ArgumentException($"-{parameter}: '{resource.Name}' belongs to vault '{resource.VaultName}', not to the connected vault '{Context.VaultName}'. Connect to that vault first.", parameter);
        }

        /// <summary>Runs before <see cref="Begin"/>, which subclasses override without calling the base: for what a base class sets up.</summary>
        internal virtual void Starting() { }

        protected virtual void Begin() { }
        protected virtual void Process() { }
        protected virtual void End() { }

        protected sealed override void BeginProcessing() => Guard(() => { FormatViews.Ensure(this); ClientTypeNames.Ensure(); Starting(); Begin(); });
        protected sealed override void ProcessRecord() => Guard(() => { PumpOnce(); Process(); });
        protected sealed override void EndProcessing() => Guard(End);

        protected override void StopProcessing()
        {
            stopping.Cancel();
            Halting(interrupted: true);
        }

        /// <summary>
        /// Writes whatever background work (writes, waits) has finished: at every ProcessRecord and while the
        /// pipeline thread is blocked on a request, so a result goes downstream at the first chance. Pipeline thread only.
        /// </summary>
        internal virtual void Pump() { }

        /// <summary>
        /// The cmdlet is stopping: by Ctrl+C (<paramref name="interrupted"/>, on the thread that stops it) or by a
        /// terminating error (on the pipeline thread, before its pending work is cancelled). Must not throw.
        /// </summary>
        internal virtual void Halting(bool interrupted) { }

        /// <summary>Invalid arguments found before any request stop the cmdlet with a clear, terminating error.</summary>
        void Guard(Action step)
        {
            try
            {
                try
                {
                    step();
                }
                catch (PipelineStoppedException) { throw; }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested) { throw new PipelineStoppedException(); }
                catch (ArgumentException e)
                {
                    ThrowTerminatingError(e, "InvalidArgument", ErrorCategory.InvalidArgument, null); // PowerShell appends the command name
                }
                catch (BackupException e)
                {
                    // A failure outside any one item's work (a list that cannot be read, a sign-in refused): a proper error record, not a crash.
                    ThrowTerminatingError(e, ErrorRecords.IdOf(e, GetType().Name.Replace("Command", "") + "Failed"), ErrorRecords.CategoryOf(e), null);
                }
            }
            catch
            {
                // The pipeline stops here (a terminating error, or -ErrorAction Stop): stop the waits still running too.
                if (!stopping.IsCancellationRequested) Halting(interrupted: false);
                stopping.Cancel();
                throw;
            }
        }

        /// <summary>Runs async client work to completion (cmdlets are synchronous). The client is looked up here, on the pipeline thread.</summary>
        internal T Run<T>(Func<BackupClient, CancellationToken, Task<T>> work)
        {
            var client = Client;
            var token = CancelToken;
            return Traced(Offload(() => work(client, token)));
        }

        /// <summary>Starts <paramref name="work"/> on the pool with this cmdlet's request trace attached to it.</summary>
        internal Task<T> Offload<T>(Func<Task<T>> work)
        {
            var sink = TraceSink;
            return Task.Run(() =>
            {
                RequestTrace.Current = sink; // flows with the work, not left on the pipeline thread
                return work();
            });
        }

        /// <summary>Waits for <paramref name="task"/> on the pipeline thread, writing its request traces as they come.</summary>
        internal T Traced<T>(Task<T> task)
        {
            while (Task.WaitAny(new Task[] { task }, 100) < 0)
            {
                FlushTrace();
                PumpOnce();
            }
            FlushTrace();
            return task.GetAwaiter().GetResult();
        }

        bool pumping;

        // Pump is not re-entered: what it writes may lead back here only through another cmdlet's code.
        void PumpOnce()
        {
            if (pumping) return;
            pumping = true;
            try { Pump(); }
            finally { pumping = false; }
        }

        RequestTraceSink traceSink;
        bool traceDecided;

        /// <summary>This call's request trace, or null when neither -Verbose nor -Debug would show it.</summary>
        internal RequestTraceSink TraceSink
        {
            get
            {
                if (!traceDecided)
                {
                    traceDecided = true;
                    var debug = Wants("Debug", "DebugPreference");
                    if (debug || Wants("Verbose", "VerbosePreference")) traceSink = new RequestTraceSink(detail: debug);
                }
                return traceSink;
            }
        }

        bool Wants(string switchName, string preference)
        {
            if (MyInvocation.BoundParameters.TryGetValue(switchName, out var value) && value is SwitchParameter s) return s.IsPresent;
            var pref = GetVariableValue(preference);
            if (pref is PSObject wrapped) pref = wrapped.BaseObject;
            return pref is ActionPreference p ? p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore
                : pref != null && !string.Equals(pref.ToString(), "SilentlyContinue", StringComparison.OrdinalIgnoreCase) && !string.Equals(pref.ToString(), "Ignore", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Writes the request traces waiting so far: summaries to -Verbose, headers and bodies to -Debug. Pipeline thread only.</summary>
        internal void FlushTrace()
        {
            var sink = traceSink;
            if (sink == null) return;
            while (sink.TryTake(out var detail, out var text))
            {
                if (detail) WriteDebug(text);
                else WriteVerbose(text);
            }
        }

        /// <summary>Writes each item of a paged list as its page arrives, instead of buffering the whole list.</summary>
        internal void Stream<T>(IAsyncEnumerable<T> items, Func<T, bool> keep)
        {
            var enumerator = items.GetAsyncEnumerator(CancelToken);
            try
            {
                while (Traced(Offload(() => enumerator.MoveNextAsync().AsTask())))
                    if (keep(enumerator.Current)) WriteObject(enumerator.Current);
            }
            finally
            {
                Task.Run(() => enumerator.DisposeAsync().AsTask()).GetAwaiter().GetResult();
                FlushTrace();
            }
        }

        /// <summary>Reports one failed item as a non-terminating error, so the rest of the pipeline goes on.</summary>
        internal void ReportError(Exception exception, object target, string fallbackId)
        {
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) exception = aggregate.InnerException;
            if (exception is OperationCanceledException && CancelToken.IsCancellationRequested) throw new PipelineStoppedException();
            exception = WithoutForeignParameter(exception);
            WriteError(exception, ErrorRecords.IdOf(exception, fallbackId), ErrorRecords.CategoryOf(exception), target);
        }

        /// <summary>
        /// The client's checks name their own C# parameters ("(Parameter 'policy')", "(Parameter 'item')"), which the user
        /// never typed (-PolicyName, -InputObject): such a suffix is dropped, the original kept as the inner exception.
        /// A name that is one of this cmdlet's parameters ('PointInTime') stays: it says which argument to change.
        /// </summary>
        Exception WithoutForeignParameter(Exception exception)
        {
            if (!(exception is ArgumentException argument) || exception.GetType() != typeof(ArgumentException) || string.IsNullOrEmpty(argument.ParamName))
                return exception;
            var parameters = MyInvocation?.MyCommand?.Parameters;
            if (parameters == null || parameters.Keys.Any(k => string.Equals(k, argument.ParamName, StringComparison.Ordinal))) return exception;
            var message = argument.Message;
            foreach (var suffix in new[] { $" (Parameter '{argument.ParamName}')", Environment.NewLine + "Parameter name: " + argument.ParamName })
                if (message.EndsWith(suffix, StringComparison.Ordinal)) return new ArgumentException(message.Substring(0, message.Length - suffix.Length), argument);
            return exception;
        }

        void VerboseFailure(Exception exception)
        {
            FlushTrace();
            if (ErrorRecords.VerboseLine(exception) is string line) WriteVerbose(line);
        }

        /// <summary>Runs work for one pipeline item; a service failure becomes that item's error and the pipeline goes on.</summary>
        internal void ForItem(object target, string errorId, Action work)
        {
            try
            {
                work();
            }
            catch (Exception e) when (IsItemError(e)) { ReportError(e, target, errorId); }
        }

        /// <summary>
        /// A failure that belongs to one item (the service's answer, or this item being wrong; the others may be fine):
        /// reported as that item's error. Anything else is a defect and stops the pipeline.
        /// </summary>
        internal static bool IsItemError(Exception e) =>
            e is BackupException || e is InvalidOperationException || e is ArgumentException || e is NotFoundException;

        internal void WriteError(Exception exception, string errorId, ErrorCategory category, object target)
        {
            VerboseFailure(exception);
            WriteError(ErrorRecords.Create(exception, errorId, category, target));
        }

        /// <summary>Stops the pipeline; never returns.</summary>
        internal void ThrowTerminatingError(Exception exception, string errorId, ErrorCategory category, object target)
        {
            VerboseFailure(exception);
            ThrowTerminatingError(ErrorRecords.Create(exception, errorId, category, target));
        }

        internal void WriteProgress(int activityId, string activity, string status, int percentComplete, bool completed) =>
            WriteProgress(new ProgressRecord(activityId, activity, string.IsNullOrEmpty(status) ? " " : status)
            {
                PercentComplete = Math.Max(-1, Math.Min(100, percentComplete)),
                RecordType = completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            });
    }
}
