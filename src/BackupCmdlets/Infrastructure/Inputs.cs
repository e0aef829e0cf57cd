using System;
using System.Linq;
using System.Text.RegularExpressions;
using BackupCmdlets.Client.Ids;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>
    /// Checks of user input made before any request. PowerShell's Validate* attributes say the
    /// same to the binder; these make the cmdlets safe when called any other way, with messages
    /// that name the parameter and what would be valid.
    /// </summary>
    internal static class Inputs
    {
        public static readonly string[] BackupManagementTypes = { "AzureWorkload", "AzureIaasVM", "AzureStorage" };
        /// <summary>What a container is registered for or inquired for.</summary>
        public static readonly string[] ContainerWorkloadTypes = { "SQLDataBase", "SAPHanaDatabase", "AzureFileShare" };
        public static readonly string[] WorkloadTypes = { "SQLDataBase", "SAPHanaDatabase", "VM", "AzureFileShare" };
        public static readonly string[] ProtectableItemTypes = { "SQLDataBase", "SQLInstance", "SQLAvailabilityGroupContainer", "SAPHanaDatabase", "SAPHanaSystem", "Microsoft.Compute/virtualMachines", "AzureFileShare" };
        public static readonly string[] BackupTypes = { "Full", "Differential", "Log", "CopyOnlyFull", "Incremental", "SnapshotFull", "SnapshotCopyOnlyFull" };
        public static readonly string[] Environments = { "AzureCloud", "AzureUSGovernment", "AzureChinaCloud", "Emulator" };
        public static readonly string[] JobStatuses = { "InProgress", "Completed", "Failed", "CompletedWithWarnings", "Cancelled", "Cancelling" };
        public static readonly string[] JobOperations = { "Backup", "ConfigureBackup", "DeleteBackupData", "DisableBackup", "Register", "UnRegister", "Restore", "CrossRegionRestore" };

        /// <summary>The backup management type a workload type belongs to.</summary>
        /// <summary>The management type an item type belongs to (a SQL database is only ever AzureWorkload): one list instead of three.</summary>
        public static string ManagementTypeOfItemType(string protectableItemType)
        {
            switch (protectableItemType)
            {
                case null: return null;
                case "Microsoft.Compute/virtualMachines": return "AzureIaasVM";
                case "AzureFileShare": return "AzureStorage";
                default: return "AzureWorkload";
            }
        }

        public static string ManagementTypeOf(string workloadType)
        {
            switch (workloadType)
            {
                case null: return null;
                case "VM": return "AzureIaasVM";
                case "AzureFileShare": return "AzureStorage";
                default: return "AzureWorkload";
            }
        }

        /// <summary>The canonical spelling of <paramref name="value"/> from <paramref name="allowed"/>, or an error naming the parameter.</summary>
        public static string OneOf(string value, string[] allowed, string parameter)
        {
            if (value == null) return null;
            var match = allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
            return match ?? throw new ArgumentException($"-{parameter} '{value}' is not valid. Valid values: {string.Join(", ", allowed)}.", parameter);
        }

        public static string Name(string value, string parameter, bool wildcardsAllowed = false)
        {
            if (value == null) return null;
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"-{parameter} must not be empty.", parameter);
            if (value.IndexOfAny(new[] { '/', '\\', '?', '#', '\'' }.Where(c => !(wildcardsAllowed && c == '?')).ToArray()) >= 0)
                throw new ArgumentException($"-{parameter} {ArmNames.Shown(value)} contains a character a name cannot hold (/ \\ ? # ').", parameter);
            if (!wildcardsAllowed && Wildcard.HasWildcards(value))
                throw new ArgumentException($"-{parameter} {ArmNames.Shown(value)} must name exactly one item; wildcards are not allowed here.", parameter);
            return value.Trim();
        }

        /// <summary>A name that goes into a request path: the checks of <see cref="Name"/>, then ARM's rule for its kind.</summary>
        public static string PathName(string value, ArmNameKind kind, string parameter)
        {
            var name = Name(value, parameter);
            return name == null ? null : ArmNames.Check(kind, name, "-" + parameter);
        }

        /// <summary>A name or wildcard pattern: an exact name is checked as <see cref="PathName"/>; a pattern only for length and control characters.</summary>
        public static string NameOrPattern(string value, ArmNameKind kind, string parameter)
        {
            var name = Name(value, parameter, wildcardsAllowed: true);
            if (name == null || !Wildcard.HasWildcards(name)) return name == null ? null : ArmNames.Check(kind, name, "-" + parameter);
            if (name.Length > ArmNames.FreeNameMaxLength || name.Any(char.IsControl))
                throw new ArgumentException($"-{parameter} {ArmNames.Shown(name)} is not valid: a pattern has 1-{ArmNames.FreeNameMaxLength} characters and no control characters.", parameter);
            return name;
        }

        public static string SubscriptionId(string value)
        {
            if (!Guid.TryParseExact(value?.Trim() ?? "", "D", out var id))
                throw new ArgumentException($"-SubscriptionId '{value}' is not a subscription id: expected a GUID such as 00000000-0000-0000-0000-000000000000.", nameof(SubscriptionId));
            return id.ToString();
        }

        public static string ApiVersion(string value)
        {
            if (value == null) return null;
            if (!Regex.IsMatch(value, @"^\d{4}-\d{2}-\d{2}(-preview)?$"))
                throw new ArgumentException($"-ApiVersion '{value}' is not an api-version: expected the form 2025-08-01.", nameof(ApiVersion));
            return value;
        }

        /// <summary>A date and time as UTC: local times are converted, unspecified ones taken as UTC.</summary>
        public static DateTimeOffset Utc(DateTime value) =>
            new DateTimeOffset(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc));

        public static TimeSpan? Timeout(int seconds) => seconds > 0 ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
    }
}
