using System;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>The two kinds of wait the module offers, on one concurrent waiter.</summary>
    internal static class Waiters
    {
        public static ConcurrentWaiter<BackupOperation> ForOperations(BackupCmdletBase cmdlet, TimeSpan? timeout)
        {
            var client = cmdlet.Client;
            return new ConcurrentWaiter<BackupOperation>(cmdlet, "Waiting for backup operations", 0x0BAC,
                (op, ct) => client.WaitForOperationAsync(op, timeout, ct),
                op => $"{op.Kind} of '{op.TargetName}' (next poll in {Math.Max(0, (op.NextPollAt - DateTimeOffset.UtcNow).TotalSeconds):0} s)");
        }

        public static ConcurrentWaiter<BackupJob> ForJobs(BackupCmdletBase cmdlet, TimeSpan? timeout, TimeSpan? pollInterval)
        {
            var client = cmdlet.Client;
            return new ConcurrentWaiter<BackupJob>(cmdlet, "Waiting for backup jobs", 0x0BAD,
                async (job, ct) => await client.WaitForJobAsync(job, timeout, pollInterval, null, ct).ConfigureAwait(false),
                job => $"job {job.JobId} ({job.Operation} of '{job.EntityFriendlyName}')");
        }
    }
}
