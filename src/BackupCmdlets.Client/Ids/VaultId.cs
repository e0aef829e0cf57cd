using System;
using System.Collections.Generic;
using System.Linq;

namespace BackupCmdlets.Client.Ids
{
    /// <summary>A Recovery Services vault: subscription, resource group and name. Compared without regard to case.</summary>
    public sealed class VaultId : IEquatable<VaultId>
    {
        public VaultId(string subscriptionId, string resourceGroupName, string vaultName) : this(subscriptionId, resourceGroupName, vaultName, strict: true) { }

        /// <summary>
        /// Names a user gives are held to ARM's rules (strict). Ids the service returned are taken as
        /// it wrote them, as long as they cannot leave their path segments; ArmPath escapes them all the same.
        /// </summary>
        internal VaultId(string subscriptionId, string resourceGroupName, string vaultName, bool strict)
        {
            if (!strict)
            {
                SubscriptionId = Require(subscriptionId, nameof(subscriptionId));
                ResourceGroupName = Require(resourceGroupName, nameof(resourceGroupName));
                Name = Require(vaultName, nameof(vaultName));
                return;
            }
            // Checked here so plain C# callers get ARM's rules too, before any request.
            SubscriptionId = ArmNames.Check(ArmNameKind.SubscriptionId, subscriptionId?.Trim(), nameof(subscriptionId));
            ResourceGroupName = ArmNames.Check(ArmNameKind.ResourceGroup, resourceGroupName?.Trim(), nameof(resourceGroupName));
            Name = ArmNames.Check(ArmNameKind.Vault, vaultName?.Trim(), nameof(vaultName));
        }

        public string SubscriptionId { get; }
        public string ResourceGroupName { get; }
        public string Name { get; }

        /// <summary>The canonical id, <c>/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.RecoveryServices/vaults/{name}</c>.</summary>
        public string Id => id ?? (id = "/subscriptions/" + SubscriptionId + "/resourceGroups/" + ResourceGroupName + "/providers/Microsoft.RecoveryServices/vaults/" + Name);

        string id, path; // made once: every request to the vault names them

        /// <summary>The id of a child resource, unescaped.</summary>
        public string ChildId(params string[] segments) => segments.Length == 0 ? Id : Id + "/" + string.Join("/", segments);

        /// <summary>The URL path of the vault or of a child resource: every segment, the vault's own included, escaped by <see cref="ArmPath"/>.</summary>
        public string PathOf(params string[] segments) =>
            segments.Length > 0 ? ArmPath.Of(ChildId(segments)) : path ?? (path = ArmPath.Of(Id));

        static readonly char[] NotInSegment = { '/', '?', '#', '\\' };

        static string Require(string value, string name)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} must not be empty.", name);
            if (value.IndexOfAny(NotInSegment) >= 0 || value == "." || value == "..") throw new ArgumentException($"{name} {ArmNames.Shown(value)} cannot be a path segment.", name);
            return value.Trim();
        }

        /// <summary>A vault id a user gave: held to ARM's rules for each name.</summary>
        public static VaultId Parse(string id)
        {
            var parsed = ArmResourceId.Parse(id);
            if (!ArmResourceId.IsVaultPath(parsed, out var sub, out var rg, out var name))
                throw new FormatException($"'{id}' is not the id of (or under) a Recovery Services vault.");
            try { return new VaultId(sub, rg, name); }
            catch (ArgumentException e) { throw new FormatException($"{ArmNames.Shown(id)} is not a valid vault id: {e.Message}", e); }
        }

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
