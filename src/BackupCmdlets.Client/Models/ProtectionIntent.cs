using System;
using System.Linq;
using System.Text.Json;
using BackupCmdlets.Client.Http;
using BackupCmdlets.Client.Ids;

namespace BackupCmdlets.Client.Models
{
    /// <summary>
    /// An auto-protection intent (backupProtectionIntent): every database of a SQL instance or an
    /// availability group, present and future, is protected with the intent's policy.
    /// </summary>
    public sealed class ProtectionIntent : BackupResource
    {
        public ProtectionIntent(JsonElement json) : base(json)
        {
            var p = Properties;
            ProtectionIntentItemType = p.Str("protectionIntentItemType");
            BackupManagementType = p.Str("backupManagementType");
            ItemId = p.Str("itemId");
            PolicyId = p.Str("policyId");
            SourceResourceId = p.Str("sourceResourceId");
            WorkloadItemType = p.Str("workloadItemType");
            ProtectionState = p.Str("protectionState");
            // The item's id names its container and itself; the examples spell the segments
            // protectionContainers/protectableItems or backupProtectionContainer/backupProtectableItems.
            var parts = (ItemId ?? "").Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            ContainerName = After(parts, "protectionContainers", "backupProtectionContainer");
            ItemName = After(parts, "protectableItems", "backupProtectableItems");
        }

        static string After(string[] parts, params string[] keys)
        {
            for (var i = 0; i < parts.Length - 1; i++)
                if (keys.Any(k => string.Equals(parts[i], k, StringComparison.OrdinalIgnoreCase))) return parts[i + 1];
            return null;
        }

        /// <summary>The intent's discriminator (<c>AzureWorkloadSQLAutoProtectionIntent</c>, ...), kept as sent.</summary>
        public string ProtectionIntentItemType { get; }
        public string BackupManagementType { get; }

        /// <summary>The id of the auto-protected protectable item (a SQL instance or an availability group).</summary>
        public string ItemId { get; }
        public string PolicyId { get; }
        public string PolicyName => PolicyId?.TrimEnd('/').Split('/').Last();
        public string SourceResourceId { get; }
        public string WorkloadItemType { get; }
        public string ProtectionState { get; }

        /// <summary>The container of the auto-protected item (a VM's, or an availability group's), from <see cref="ItemId"/>.</summary>
        public string ContainerName { get; }

        /// <summary>The auto-protected item's name, for example <c>sqlinstance;mssqlserver</c>.</summary>
        public string ItemName { get; }

        /// <summary>SQLInstance or SQLAvailabilityGroupContainer, from the item's name.</summary>
        public string ItemType =>
            ItemName == null ? null
            : ItemName.StartsWith("sqlinstance;", StringComparison.OrdinalIgnoreCase) ? "SQLInstance"
            : ItemName.StartsWith("sqlavailabilitygroupcontainer;", StringComparison.OrdinalIgnoreCase) ? "SQLAvailabilityGroupContainer"
            : ItemName.Split(';')[0];

        /// <summary>Instance or AvailabilityGroup: <see cref="ItemType"/> in a word.</summary>
        public string ItemKind => ItemType == "SQLInstance" ? "Instance" : ItemType == "SQLAvailabilityGroupContainer" ? "AvailabilityGroup" : ItemType;

        /// <summary>The instance or group by itself, for example <c>mssqlserver</c> or <c>shopkart-ag</c>.</summary>
        public string ItemFriendlyName => ItemName?.Split(';').Last();

        /// <summary>Where the item is: the VM of a VM's container, or the availability group.</summary>
        public string ServerName => ContainerName?.Split(';').Last();
    }
}
