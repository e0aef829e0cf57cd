using System;
using System.Collections.Generic;
using System.Linq;

namespace BackupCmdlets.Client.Ids
{
    /// <summary>A Recovery Services vault: subscription, resource group and name. Compared without regard to case.</summary>
    public sealed class VaultId : IEquatable<VaultId>
    {
        public VaultId(string subscriptionId, string resourceGroupName, string vaultName)
        {
            SubscriptionId = Require(subscriptionId, nameof(subscriptionId));
            ResourceGroupName = Require(resourceGroupName, nameof(resourceGroupName));
            Name = Require(vaultName, nameof(vaultName));
        }

        public string SubscriptionId { get; }
        public string ResourceGroupName { get; }
        public string Name { get; }

        /// <summary>The canonical id, <c>/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.RecoveryServices/vaults/{name}</c>.</summary>
        public string Id => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroupName}/providers/Microsoft.RecoveryServices/vaults/{Name}";

        /// <summary>The id of a child resource, unescaped.</summary>
        public string ChildId(params string[] segments) => Id + string.Concat(segments.Select(s => "/" + s));

        /// <summary>The URL path of a child resource; each segment is escaped, keeping the ';' of Backup names.</summary>
        public string PathOf(params string[] segments) =>
            Id + string.Concat(segments.Select(s => "/" + EscapeSegment(s)));

        internal static string EscapeSegment(string segment) =>
            Uri.EscapeDataString(segment).Replace("%3B", ";").Replace("%3b", ";");

        static string Require(string value, string name)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} must not be empty.", name);
            if (value.IndexOfAny(new[] { '/', '?', '#' }) >= 0) throw new ArgumentException($"{name} '{value}' must not contain '/', '?' or '#'.", name);
            return value.Trim();
        }

        public static VaultId Parse(string id) =>
            ArmResourceId.Parse(id).Vault ?? throw new FormatException($"'{id}' is not the id of (or under) a Recovery Services vault.");

        public bool Equals(VaultId other) =>
            other != null &&
            string.Equals(SubscriptionId, other.SubscriptionId, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(ResourceGroupName, other.ResourceGroupName, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object obj) => Equals(obj as VaultId);
        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Id);
        public override string ToString() => Id;
    }
}
