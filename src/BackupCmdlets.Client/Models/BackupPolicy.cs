using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Client.Models
{
    /// <summary>A backup policy of the vault.</summary>
    public sealed class BackupPolicy : BackupResource
    {
        public BackupPolicy(JsonElement json) : base(json)
        {
            var p = Properties;
            BackupManagementType = p.Str("backupManagementType");
            WorkloadType = p.Str("workLoadType");
            ProtectedItemsCount = p.Long("protectedItemsCount");
            TimeZone = p.Prop("settings").Str("timeZone") ?? p.Str("timeZone"); // SQL policies keep it under settings, VM and file share ones beside the schedule
            var rules = new List<BackupPolicyRule>();
            if (p.Prop("subProtectionPolicy") is JsonElement subs && subs.ValueKind == JsonValueKind.Array)
                foreach (var sub in subs.EnumerateArray())
                    rules.Add(new BackupPolicyRule(sub.Str("policyType"), ((JsonElement?)sub).Prop("schedulePolicy"), ((JsonElement?)sub).Prop("retentionPolicy")));
            else if (p.Prop("schedulePolicy") != null)
                rules.Add(new BackupPolicyRule("Full", p.Prop("schedulePolicy"), p.Prop("retentionPolicy")));
            Rules = rules;
        }

        /// <summary>The <c>backupManagementType</c> discriminator of the policy, kept as sent.</summary>
        public string BackupManagementType { get; }
        public string WorkloadType { get; }
        public long? ProtectedItemsCount { get; }
        /// <summary>The time zone of the schedule's times (settings.timeZone for SQL, timeZone for VMs and file shares).</summary>
        public string TimeZone { get; }

        /// <summary>Each schedule and its retention: one for VMs and file shares; Full, Differential, Log, ... for SQL.</summary>
        public IReadOnlyList<BackupPolicyRule> Rules { get; }

        BackupPolicyRule Full => Rules.FirstOrDefault(r => string.Equals(r.BackupType, "Full", StringComparison.OrdinalIgnoreCase)) ?? Rules.FirstOrDefault();
        BackupPolicyRule Rule(string type) => Rules.FirstOrDefault(r => string.Equals(r.BackupType, type, StringComparison.OrdinalIgnoreCase));

        /// <summary>SQL: how often the log is backed up; null without a log schedule.</summary>
        public TimeSpan? LogBackupFrequency => Rule("Log")?.Interval;

        /// <summary>SQL: how long log backups are kept, for example "30 days".</summary>
        public string LogRetention => Rule("Log")?.Retention;

        /// <summary>When the full backup runs, then differential and log where the policy has them: "Daily 19:00, log every 1h".</summary>
        public string Schedule => string.Join(", ", Rules.Select(r =>
            r == Full ? r.Schedule
            : string.Equals(r.BackupType, "Log", StringComparison.OrdinalIgnoreCase) ? "log " + r.Schedule.ToLowerInvariant()
            : r.BackupType.ToLowerInvariant() + " " + r.Schedule));

        /// <summary>How long points are kept: "30 days", "5 days, 12 weeks, 60 months, 10 years", then "; log 30 days" for SQL.</summary>
        public string Retention => string.Join("; ", Rules.Select(r => r == Full ? r.Retention : r.BackupType.ToLowerInvariant() + " " + r.Retention));

        /// <summary>The whole policy in a sentence, to choose one by: schedule, retention and time zone.</summary>
        public string Summary => Rules.Count == 0 ? null
            : string.Join("; ", Rules.Select(r => $"{r.BackupType} {r.Schedule.Substring(0, 1).ToLowerInvariant()}{r.Schedule.Substring(1)}, kept {r.Retention}")) + (TimeZone != null ? $" ({TimeZone})" : "");

        /// <summary>VM, SQL, FileShare, ... : what the policy protects, in a word.</summary>
        public string Workload => Friendly.Workload(WorkloadType, BackupManagementType);
    }
}
