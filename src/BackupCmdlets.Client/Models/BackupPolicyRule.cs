using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Client.Models
{
    /// <summary>
    /// One schedule of a policy and how long its points are kept: a VM or file share policy has one (Full), a SQL policy
    /// one per subProtectionPolicy (Full, Differential, Incremental, Log). Read from schedulePolicy and retentionPolicy as
    /// the spec defines them (SimpleSchedulePolicy, SimpleSchedulePolicyV2, LogSchedulePolicy; LongTermRetentionPolicy,
    /// SimpleRetentionPolicy). Times are the policy's, in its time zone.
    /// </summary>
    public sealed class BackupPolicyRule
    {
        internal BackupPolicyRule(string backupType, JsonElement? schedule, JsonElement? retention)
        {
            BackupType = backupType;
            Frequency = schedule.Str("scheduleRunFrequency");
            if (schedule.Long("scheduleFrequencyInMins") is long minutes) // LogSchedulePolicy
            {
                Frequency = "Minutes";
                Interval = TimeSpan.FromMinutes(minutes);
            }
            // V1 keeps days and times on the schedule; V2 under dailySchedule / weeklySchedule / hourlySchedule.
            var v2 = string.Equals(Frequency, "Weekly", StringComparison.OrdinalIgnoreCase) ? schedule.Prop("weeklySchedule") : schedule.Prop("dailySchedule");
            RunTimes = Times(schedule.Strings("scheduleRunTimes").Concat(v2.Strings("scheduleRunTimes")));
            RunDays = schedule.Strings("scheduleRunDays").Concat(v2.Strings("scheduleRunDays")).ToArray();
            var hourly = schedule.Prop("hourlySchedule");
            if (hourly.Long("interval") is long hours)
            {
                Interval = TimeSpan.FromHours(hours);
                WindowStart = Times(new[] { hourly.Str("scheduleWindowStartTime") }).FirstOrDefault();
                if (hourly.Long("scheduleWindowDuration") is long window) WindowDuration = TimeSpan.FromHours(window);
            }

            // SimpleRetentionPolicy has one duration; LongTermRetentionPolicy one per tier.
            Daily = Duration(retention.Prop("dailySchedule").Prop("retentionDuration")) ?? Duration(retention.Prop("retentionDuration"));
            Weekly = Duration(retention.Prop("weeklySchedule").Prop("retentionDuration"));
            Monthly = Duration(retention.Prop("monthlySchedule").Prop("retentionDuration"));
            Yearly = Duration(retention.Prop("yearlySchedule").Prop("retentionDuration"));
        }

        /// <summary>Full, Differential, Incremental or Log (the subProtectionPolicy's policyType; Full for VMs and file shares).</summary>
        public string BackupType { get; }

        /// <summary>Daily, Weekly, Hourly, or Minutes for a log schedule.</summary>
        public string Frequency { get; }
        public IReadOnlyList<TimeSpan> RunTimes { get; }
        public IReadOnlyList<string> RunDays { get; }

        /// <summary>Between backups, for hourly and log schedules.</summary>
        public TimeSpan? Interval { get; }
        public TimeSpan? WindowStart { get; }
        public TimeSpan? WindowDuration { get; }

        /// <summary>How long points are kept, for example "30 days"; daily is the only tier of a simple retention.</summary>
        public string Daily { get; }
        public string Weekly { get; }
        public string Monthly { get; }
        public string Yearly { get; }

        /// <summary>When it runs, briefly: "Daily 19:00", "Weekly Sun,Tue 10:00", "Every 4h 08:00-20:00", "Every 1h".</summary>
        public string Schedule
        {
            get
            {
                var times = string.Join(",", RunTimes.Select(Clock));
                if (string.Equals(Frequency, "Weekly", StringComparison.OrdinalIgnoreCase))
                    return $"Weekly {string.Join(",", RunDays.Select(d => d.Length > 3 ? d.Substring(0, 3) : d))} {times}".TrimEnd();
                if (Interval is TimeSpan every)
                {
                    var text = "Every " + Span(every);
                    if (WindowStart is TimeSpan start) text += " " + Clock(start) + (WindowDuration is TimeSpan w ? "-" + Clock(TimeSpan.FromTicks((start + w).Ticks % TimeSpan.TicksPerDay)) : "");
                    return text;
                }
                return $"{Frequency} {times}".Trim();
            }
        }

        /// <summary>How long points are kept, every tier: "30 days", "5 days, 12 weeks, 60 months, 10 years".</summary>
        public string Retention => string.Join(", ", new[] { Daily, Weekly, Monthly, Yearly }.Where(t => t != null));

        public override string ToString() => $"{BackupType}: {Schedule}, kept {Retention}";

        static string Duration(JsonElement? d)
        {
            var count = d.Long("count");
            var unit = d.Str("durationType");
            if (count == null || unit == null) return null;
            unit = unit.ToLowerInvariant();
            if (count == 1 && unit.EndsWith("s")) unit = unit.Substring(0, unit.Length - 1);
            return count.Value.ToString(CultureInfo.InvariantCulture) + " " + unit;
        }

        static TimeSpan[] Times(IEnumerable<string> times) => times
            .Select(t => DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var v) ? v.TimeOfDay : (TimeSpan?)null)
            .Where(t => t != null).Select(t => t.Value).Distinct().ToArray();

        static string Clock(TimeSpan t) => t.ToString(@"hh\:mm", CultureInfo.InvariantCulture);

        static string Span(TimeSpan t) => t.TotalMinutes % 60 == 0 ? $"{t.TotalHours:0}h" : $"{t.TotalMinutes:0} min";
    }
}
