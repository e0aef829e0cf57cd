using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BackupCmdlets.Client.Models;

namespace BackupCmdlets.Client
{
    /// <summary>
    /// What an on-demand backup of an item may ask for: its request kind, backup types, compression
    /// and retention. Retention follows the published walkthrough: a full backup is kept 45 days to
    /// 99 years, a copy-only full any time, a differential or log backup as the policy keeps scheduled
    /// ones. VM backups are kept at most 99 years, file share backups at most 10.
    /// </summary>
    public sealed class OnDemandBackupRules
    {
        /// <summary>An expiry less than this short of a minimum is allowed: the clock moves between here and the service.</summary>
        internal static readonly TimeSpan ClockAllowance = TimeSpan.FromHours(1);

        static readonly string[] None = new string[0];

        OnDemandBackupRules(string workload, string requestType, string[] backupTypes, bool allowsCompression, int maxRetentionYears)
        {
            Workload = workload;
            RequestType = requestType;
            BackupTypes = backupTypes;
            AllowsCompression = allowsCompression;
            MaxRetentionYears = maxRetentionYears;
        }

        /// <summary>What the item is, in words: "SQL database", "Azure VM", ...</summary>
        public string Workload { get; }

        /// <summary>The request's <c>objectType</c>.</summary>
        public string RequestType { get; }

        /// <summary>The backup types the workload takes, the default first; empty when its request has none.</summary>
        public IReadOnlyList<string> BackupTypes { get; }
        public bool AllowsCompression { get; }
        public int MaxRetentionYears { get; }

        /// <summary>The rules for an item, or null when this module cannot back it up on demand.</summary>
        public static OnDemandBackupRules For(ProtectedItem item)
        {
            switch ((item?.BackupManagementType ?? "").ToUpperInvariant())
            {
                case "AZUREIAASVM": return new OnDemandBackupRules("Azure VM", "IaasVMBackupRequest", None, false, 99);
                case "AZURESTORAGE": return new OnDemandBackupRules("Azure file share", "AzureFileShareBackupRequest", None, false, 10);
                case "AZUREWORKLOAD": break;
                default: return null;
            }
            const string request = "AzureWorkloadBackupRequest";
            switch (Normalize(item.ProtectedItemType ?? item.WorkloadType))
            {
                case "AZUREVMWORKLOADSQLDATABASE":
                case "SQLDATABASE":
                    return new OnDemandBackupRules("SQL database", request, new[] { "Full", "Differential", "Log", "CopyOnlyFull" }, true, 99);
                case "AZUREVMWORKLOADSAPHANADATABASE":
                case "SAPHANADATABASE":
                    return new OnDemandBackupRules("SAP HANA database", request, new[] { "Full", "Differential", "Incremental", "Log", "CopyOnlyFull" }, false, 99);
                case "AZUREVMWORKLOADSAPHANADBINSTANCE":
                case "SAPHANADBINSTANCE":
                    return new OnDemandBackupRules("SAP HANA instance (snapshot)", request, new[] { "SnapshotFull", "SnapshotCopyOnlyFull" }, false, 99);
                case "AZUREVMWORKLOADSAPASEDATABASE":
                case "SAPASEDATABASE":
                    return new OnDemandBackupRules("SAP ASE database", request, new[] { "Full", "Differential", "Log", "CopyOnlyFull" }, false, 99);
                default: return null;
            }
        }

        /// <summary>The rules for an item, or an error saying this module cannot back it up on demand.</summary>
        public static OnDemandBackupRules Require(ProtectedItem item, string parameter) =>
            For(item) ?? throw new ArgumentException($"'{item?.FriendlyName}' ({item?.BackupManagementType} {item?.ProtectedItemType ?? item?.WorkloadType}) cannot be backed up on demand by this module.", parameter);

        static string Normalize(string value) => (value ?? "").ToUpperInvariant();

        /// <summary>
        /// Refuses what is certainly wrong, before any request: a backup type or compression the workload
        /// does not take, an expiry in the past, beyond the workload's limit, a full backup kept less than
        /// 45 days, or an expiry on a type whose retention the policy sets. <paramref name="names"/> name
        /// the options as the caller's user knows them.
        /// </summary>
        public void Validate(string itemName, BackupRequestOptions request, DateTimeOffset now, OptionNames names = null)
        {
            names = names ?? OptionNames.Client;
            var type = request?.BackupType;
            if (type != null && BackupTypes.Count == 0)
                throw new ArgumentException($"{names.BackupType} does not apply to '{itemName}', an {Workload}: its request ({RequestType}) has no backup type. Leave it out.", ParameterName(names.BackupType));
            if (type != null && !BackupTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
                throw new ArgumentException($"{names.BackupType} {type} does not fit '{itemName}', a {Workload}. Use one of: {string.Join(", ", BackupTypes)}.", ParameterName(names.BackupType));
            if (request?.EnableCompression == true && !AllowsCompression)
                throw new ArgumentException($"{names.Compression} applies to SQL databases only; '{itemName}' is {Article} {Workload}. Leave it out.", ParameterName(names.Compression));
            if (!(request?.RecoveryPointExpiryTimeInUtc is DateTimeOffset expiry)) return;

            var effective = EffectiveBackupType(type);
            ValidateExpiry(effective, expiry, now, names, MaxRetentionYears, $"an on-demand backup of {Article} {Workload} is");
            if (effective == "Full" && expiry < now.AddDays(45) - ClockAllowance)
                throw new ArgumentException($"{names.Said(expiry)} is less than 45 days away; an on-demand full backup is kept at least 45 days. Use {(names.Days.HasValue ? "45 days or more" : "a later date")}, or the CopyOnlyFull backup type, which accepts any retention.", ParameterName(names.Expiry));
        }

        /// <summary>
        /// What an expiry is refused for whatever the item: in the past, more than <paramref name="maxYears"/>
        /// away, or on a differential or log backup, whose retention the policy sets. Start-BackupItem checks
        /// this once for all items; <see cref="Validate"/> again per item, with the workload's limit.
        /// </summary>
        public static void ValidateExpiry(string backupType, DateTimeOffset expiry, DateTimeOffset now, OptionNames names, int maxYears = 99, string kept = "on-demand backups are")
        {
            var parameter = ParameterName(names.Expiry);
            if (expiry <= now)
                throw new ArgumentException($"{names.Said(expiry)} is in the past; a recovery point must expire in the future.", parameter);
            if (expiry > now.AddYears(maxYears))
                throw new ArgumentException($"{names.Said(expiry)} is more than {maxYears} years away; {kept} kept {maxYears} years at most.", parameter);
            if (backupType == "Differential" || backupType == "Log")
                throw new ArgumentException($"{names.Expiry} does not apply to a {backupType} backup: it is kept as the policy keeps scheduled {backupType.ToLowerInvariant()} backups. Leave it out.", parameter);
        }

        static string Shown(DateTimeOffset t) => t.UtcDateTime.ToString("u", CultureInfo.InvariantCulture);

        /// <summary>The parameter an ArgumentException names: the option without the dash a cmdlet's message shows.</summary>
        static string ParameterName(string option) => option.TrimStart('-');

        /// <summary>The backup type a request sends: the one asked for, else the workload's default (none for VMs and file shares).</summary>
        public string EffectiveBackupType(string requested) =>
            BackupTypes.Count == 0 ? null : BackupTypes.FirstOrDefault(t => string.Equals(t, requested, StringComparison.OrdinalIgnoreCase)) ?? BackupTypes[0];

        string Article => "AEIOU".IndexOf(char.ToUpperInvariant(Workload[0])) >= 0 ? "an" : "a";

        /// <summary>How messages name the request's options.</summary>
        public sealed class OptionNames
        {
            public static readonly OptionNames Client = new OptionNames("BackupType", "EnableCompression", "RecoveryPointExpiryTimeInUtc");

            public OptionNames(string backupType, string compression, string expiry, int? days = null)
            {
                BackupType = backupType;
                Compression = compression;
                Expiry = expiry;
                Days = days;
            }

            /// <summary>The number of days the user typed, when the expiry was given as days from now (-RetainDays).</summary>
            public int? Days { get; }

            /// <summary>The expiry as the user gave it: a date, or days and the date they come to.</summary>
            public string Said(DateTimeOffset expiry) => Days.HasValue
                ? $"{Expiry} {Days.Value}: the recovery point would expire on {Shown(expiry)}, which"
                : $"{Expiry} {Shown(expiry)}";

            public string BackupType { get; }
            public string Compression { get; }
            public string Expiry { get; }
        }
    }
}
