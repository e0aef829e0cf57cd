using System;
using BackupCmdlets.Client.Models;

namespace BackupCmdlets.Client
{
    /// <summary>
    /// When to read a job again. Jobs run from seconds to hours, and a job read carries no Retry-After (if one ever
    /// does, it wins). So the interval follows the job's running time: a tenth of it, between the shortest and the
    /// longest interval. A job that ends is then seen within max(shortest, 10 % of its running time): a short job
    /// promptly, a long one with few reads. The running time is the service's (the job's duration), and the
    /// service's clock may run at another pace than ours (an emulator's fast clock): the pace is measured between
    /// reads, so the interval is a tenth of the running time on the service's clock. A fixed interval, when given,
    /// is kept.
    /// </summary>
    internal sealed class JobPollSchedule
    {
        const double Fraction = 0.1;
        readonly TimeSpan? fixedInterval;
        readonly TimeSpan shortest, longest;
        TimeSpan? firstRunning;
        DateTimeOffset firstRead;
        double pace = 1; // service seconds per second of ours, measured since the first read (a long base is a steady one)

        public JobPollSchedule(TimeSpan? fixedInterval, TimeSpan shortest, TimeSpan longest)
        {
            this.fixedInterval = fixedInterval;
            this.shortest = shortest;
            this.longest = longest < shortest ? shortest : longest;
        }

        /// <summary>The wait before the first read: short, as nothing is known yet of the service's pace.</summary>
        public TimeSpan First => fixedInterval ?? shortest;

        /// <summary>The wait after a read at <paramref name="now"/> that gave <paramref name="job"/> and <paramref name="retryAfter"/>.</summary>
        public TimeSpan Next(BackupJob job, TimeSpan? retryAfter, DateTimeOffset now)
        {
            var running = RunningTime(job, now);
            var measured = firstRunning.HasValue;
            if (!measured)
            {
                firstRunning = running;
                firstRead = now;
            }
            else if (running > firstRunning.Value && now > firstRead)
                pace = Math.Max(1, Math.Min(100000, (running - firstRunning.Value).TotalSeconds / (now - firstRead).TotalSeconds));
            if (retryAfter.HasValue) return retryAfter.Value;
            if (fixedInterval.HasValue) return fixedInterval.Value;
            if (!measured) return shortest; // one read tells nothing of the service's pace: read again soon to learn it
            var interval = TimeSpan.FromTicks((long)(running.Ticks * Fraction / pace));
            return interval < shortest ? shortest : interval > longest ? longest : interval;
        }

        /// <summary>How long the job has run, on the service's clock: its duration, else since its start.</summary>
        static TimeSpan RunningTime(BackupJob job, DateTimeOffset now)
        {
            if (job.Duration is TimeSpan duration && duration > TimeSpan.Zero) return duration;
            if (job.StartTime is DateTimeOffset start && now > start) return now - start;
            return TimeSpan.Zero;
        }
    }
}
