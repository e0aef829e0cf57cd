using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BackupCmdlets.Client;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>
    /// Base of every cmdlet: the work lives in <see cref="Begin"/>, <see cref="Process"/> and
    /// <see cref="End"/>, which write through <see cref="Host"/>, so tests can run them directly.
    /// Ctrl+C cancels whatever request or wait is under way.
    /// </summary>
    public abstract class BackupCmdletBase : PSCmdlet
    {
        readonly CancellationTokenSource stopping = new CancellationTokenSource();
        ICmdletHost sink;

        internal ICmdletHost Sink
        {
            get => sink ?? (sink = new PowerShellHost(this));
            set => sink = value;
        }

        internal CancellationToken CancelToken => stopping.Token;

        /// <summary>The connected vault's context, or a terminating error saying how to connect.</summary>
        internal BackupContext Context
        {
            get
            {
                var context = BackupSession.Current;
                if (context == null)
                    Sink.ThrowTerminatingError(new InvalidOperationException("Not connected to a vault. Run Connect-BackupVault first."),
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

        protected virtual void Begin() { }
        protected virtual void Process() { }
        protected virtual void End() { }

        protected sealed override void BeginProcessing() => Guard(Begin);
        protected sealed override void ProcessRecord() => Guard(Process);
        protected sealed override void EndProcessing() => Guard(End);
        protected override void StopProcessing() => stopping.Cancel();

        // Test entry points: the same steps PowerShell runs.
        internal void RunBegin() => Guard(Begin);
        internal void RunProcess() => Guard(Process);
        internal void RunEnd() => Guard(End);

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
                    Sink.ThrowTerminatingError(e, "InvalidArgument," + GetType().Name, ErrorCategory.InvalidArgument, null);
                }
                catch (BackupException e)
                {
                    // A failure outside any one item's work (a list that cannot be read, a sign-in refused): a proper error record, not a crash.
                    Sink.ThrowTerminatingError(e, ErrorRecords.IdOf(e, GetType().Name.Replace("Command", "") + "Failed"), ErrorRecords.CategoryOf(e), null);
                }
            }
            catch
            {
                // The pipeline stops here (a terminating error, or -ErrorAction Stop): stop the waits still running too.
                stopping.Cancel();
                throw;
            }
        }

        /// <summary>Runs async client work to completion on this thread (cmdlets are synchronous).</summary>
        internal T Run<T>(Func<CancellationToken, Task<T>> work) =>
            Task.Run(() => work(CancelToken)).GetAwaiter().GetResult();

        /// <summary>Writes each item of a paged list as its page arrives, instead of buffering the whole list.</summary>
        internal void Stream<T>(IAsyncEnumerable<T> items, Func<T, bool> keep)
        {
            var enumerator = items.GetAsyncEnumerator(CancelToken);
            try
            {
                while (Task.Run(() => enumerator.MoveNextAsync().AsTask()).GetAwaiter().GetResult())
                    if (keep(enumerator.Current)) Sink.WriteObject(enumerator.Current);
            }
            finally
            {
                Task.Run(() => enumerator.DisposeAsync().AsTask()).GetAwaiter().GetResult();
            }
        }

        /// <summary>Reports one failed item as a non-terminating error, so the rest of the pipeline goes on.</summary>
        internal void ReportError(Exception exception, object target, string fallbackId)
        {
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) exception = aggregate.InnerException;
            if (exception is OperationCanceledException && CancelToken.IsCancellationRequested) throw new PipelineStoppedException();
            Sink.WriteError(exception, ErrorRecords.IdOf(exception, fallbackId), ErrorRecords.CategoryOf(exception), target);
        }

        /// <summary>Runs work for one pipeline item; a service failure becomes that item's error and the pipeline goes on.</summary>
        internal void ForItem(object target, string errorId, Action work)
        {
            try
            {
                work();
            }
            catch (BackupException e) { ReportError(e, target, errorId); }
            catch (InvalidOperationException e) { ReportError(e, target, errorId); }
            catch (ArgumentException e) { ReportError(e, target, errorId); } // this item is wrong; the others may be fine
            catch (NotFoundException e) { ReportError(e, target, errorId); }
        }
    }
}
