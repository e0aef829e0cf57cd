using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;

namespace BackupCmdlets.Client
{
    // Auto-protection of SQL instances and availability groups (backupProtectionIntent).
    public sealed partial class BackupClient
    {
        /// <summary>The protectable item types that can be auto-protected.</summary>
        public static readonly IReadOnlyList<string> AutoProtectableItemTypes = new[] { "SQLInstance", "SQLAvailabilityGroupContainer" };

        /// <summary>True when <paramref name="item"/> is a SQL instance or an availability group.</summary>
        public static bool IsAutoProtectable(ProtectableItem item) =>
            item != null && (string.Equals(item.ProtectableItemType, "SQLInstance", StringComparison.OrdinalIgnoreCase)
                          || string.Equals(item.ProtectableItemType, "SQLAvailabilityGroupContainer", StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// PUT backupProtectionIntent/{name}: auto-protects every database of <paramref name="item"/>, now and
        /// later, with <paramref name="policy"/>. An item auto-protected already keeps its intent's name (the policy
        /// changes); a new intent gets a new GUID as its name, as the service's own intents are named.
        /// </summary>
        public async Task<ProtectionIntent> EnableAutoProtectionAsync(ProtectableItem item, BackupPolicy policy, CancellationToken cancellationToken = default)
        {
            if (item == null) throw new ArgumentNullException(nameof(item));
            if (policy == null) throw new ArgumentNullException(nameof(policy));
            if (item.VaultId == null || item.ContainerName == null)
                throw new ArgumentException("The protectable item has no id naming its container: pass one returned by the service.", nameof(item));
            if (!IsAutoProtectable(item))
                throw new ArgumentException($"'{item.FriendlyName ?? item.Name}' is a {item.ProtectableItemType}; only a SQLInstance or a SQLAvailabilityGroupContainer can be auto-protected. Protect a single database with Enable-BackupProtection.", nameof(item));
            if (!item.VaultId.Equals(policy.VaultId))
                throw new ArgumentException($"Policy '{policy.Name}' belongs to vault '{policy.VaultName}', but item '{item.FriendlyName}' is in vault '{item.VaultName}'. Use a policy of the item's vault.", nameof(policy));
            if (!string.IsNullOrEmpty(policy.BackupManagementType) && !string.Equals(policy.BackupManagementType, "AzureWorkload", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"Policy '{policy.Name}' is for {policy.BackupManagementType} items; auto-protection of SQL databases needs an AzureWorkload policy.", nameof(policy));

            string name = null;
            await foreach (var existing in ListProtectionIntentsAsync(item.VaultId, cancellationToken: cancellationToken).ConfigureAwait(false))
                if (Same(existing, item)) { name = existing.Name; break; }
            name = name ?? Guid.NewGuid().ToString().ToUpperInvariant();

            var fabric = item.ResourceId.Get("backupFabrics") ?? "Azure";
            var path = item.VaultId.ChildId("backupFabrics", fabric, "backupProtectionIntent", name);
            var isInstance = string.Equals(item.ProtectableItemType, "SQLInstance", StringComparison.OrdinalIgnoreCase);
            var body = JsonBody(w =>
            {
                w.WriteStartObject("properties");
                w.WriteString("protectionIntentItemType", "AzureWorkloadSQLAutoProtectionIntent");
                w.WriteString("backupManagementType", "AzureWorkload");
                w.WriteString("itemId", item.Id);
                w.WriteString("policyId", policy.Id);
                // WorkloadItemType (spec) has SQLInstance but no value for an availability group: left out there.
                if (isInstance) w.WriteString("workloadItemType", "SQLInstance");
                w.WriteEndObject();
            });
            var url = Url(EscapePath(path));
            var reply = await SendAsync(RequestMethod.Put, url, body, cancellationToken).ConfigureAwait(false);
            return new ProtectionIntent(ParseBody(reply, url));
        }

        static bool Same(ProtectionIntent intent, ProtectableItem item) =>
            string.Equals(intent.ItemId, item.Id, StringComparison.OrdinalIgnoreCase)
            || (string.Equals(intent.ContainerName, item.ContainerName, StringComparison.OrdinalIgnoreCase) && string.Equals(intent.ItemName, item.Name, StringComparison.OrdinalIgnoreCase));

        /// <summary>GET backupProtectionIntents (AzureWorkload), optionally of one item type (SQLInstance, SQLAvailabilityGroupContainer).</summary>
        public IAsyncEnumerable<ProtectionIntent> ListProtectionIntentsAsync(VaultId vault, string itemType = null, CancellationToken cancellationToken = default)
        {
            var filter = "backupManagementType eq 'AzureWorkload'";
            if (!string.IsNullOrEmpty(itemType)) { Require(itemType, nameof(itemType)); filter += $" and itemType eq '{itemType}'"; }
            return PageAsync(Url(vault.PathOf("backupProtectionIntents"), filter), e => new ProtectionIntent(e), cancellationToken);
        }

        public async Task<ProtectionIntent> GetProtectionIntentAsync(VaultId vault, string name, string fabricName = "Azure", CancellationToken cancellationToken = default)
        {
            ArmNames.Check(ArmNameKind.ProtectionIntent, name, nameof(name));
            ArmNames.Check(ArmNameKind.Fabric, fabricName, nameof(fabricName));
            return new ProtectionIntent(await GetJsonAsync(Url(vault.PathOf("backupFabrics", fabricName, "backupProtectionIntent", name)), cancellationToken).ConfigureAwait(false));
        }

        /// <summary>DELETE backupProtectionIntent/{name}: no new database is protected any more; those protected stay protected.</summary>
        public async Task DisableAutoProtectionAsync(ProtectionIntent intent, CancellationToken cancellationToken = default)
        {
            if (intent?.ResourceId == null || intent.VaultId == null) throw new ArgumentException("The protection intent has no id: pass one returned by the service.", nameof(intent));
            ArmNames.Check(ArmNameKind.ProtectionIntent, intent.Name, nameof(intent));
            await SendAsync(RequestMethod.Delete, Url(EscapePath(intent.Id)), null, cancellationToken).ConfigureAwait(false);
        }
    }
}
