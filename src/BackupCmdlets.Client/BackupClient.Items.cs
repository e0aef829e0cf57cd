using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;

namespace BackupCmdlets.Client
{
    // Protectable items, policies, protection, on-demand backup and recovery points.
    public sealed partial class BackupClient
    {
        /// <summary>GET backupProtectableItems, streamed page by page.</summary>
        public IAsyncEnumerable<ProtectableItem> ListProtectableItemsAsync(VaultId vault, string backupManagementType = "AzureWorkload", string workloadType = null, CancellationToken cancellationToken = default)
        {
            Require(backupManagementType, nameof(backupManagementType));
            var filter = $"backupManagementType eq '{backupManagementType}'";
            if (!string.IsNullOrEmpty(workloadType)) { Require(workloadType, nameof(workloadType)); filter += $" and workloadType eq '{workloadType}'"; }
            return PageAsync(Url(vault.PathOf("backupProtectableItems"), filter), e => new ProtectableItem(e), cancellationToken);
        }

        /// <summary>"a" or "an" before a word, by its first letter (all management types begin with a vowel today).</summary>
        static string Article(string word) => !string.IsNullOrEmpty(word) && "AEIOUaeiou".IndexOf(word[0]) >= 0 ? "an" : "a";

        public IAsyncEnumerable<BackupPolicy> ListPoliciesAsync(VaultId vault, string backupManagementType = null, CancellationToken cancellationToken = default)
        {
            string filter = null;
            if (!string.IsNullOrEmpty(backupManagementType)) { Require(backupManagementType, nameof(backupManagementType)); filter = $"backupManagementType eq '{backupManagementType}'"; }
            return PageAsync(Url(vault.PathOf("backupPolicies"), filter), e => new BackupPolicy(e), cancellationToken);
        }

        public async Task<BackupPolicy> GetPolicyAsync(VaultId vault, string policyName, CancellationToken cancellationToken = default)
        {
            ArmNames.Check(ArmNameKind.Policy, policyName, nameof(policyName));
            return new BackupPolicy(await GetJsonAsync(Url(vault.PathOf("backupPolicies", policyName)), cancellationToken).ConfigureAwait(false));
        }

        /// <summary>The protected-item type (the spec's discriminator) for a protectable item type.</summary>
        public static string ProtectedItemTypeFor(string protectableItemType)
        {
            switch ((protectableItemType ?? "").ToUpperInvariant())
            {
                case "SQLDATABASE": return "AzureVmWorkloadSQLDatabase";
                case "SAPHANADATABASE": return "AzureVmWorkloadSAPHanaDatabase";
                case "SAPASEDATABASE": return "AzureVmWorkloadSAPAseDatabase";
                case "MICROSOFT.COMPUTE/VIRTUALMACHINES": return "Microsoft.Compute/virtualMachines";
                case "MICROSOFT.CLASSICCOMPUTE/VIRTUALMACHINES": return "Microsoft.ClassicCompute/virtualMachines";
                case "AZUREFILESHARE": return "AzureFileShareProtectedItem";
                default: return null;
            }
        }

        /// <summary>PUT protectedItems/{name}: protects an item with a policy of the same vault.</summary>
        public async Task<BackupOperation> EnableProtectionAsync(ProtectableItem item, BackupPolicy policy, CancellationToken cancellationToken = default)
        {
            if (item == null) throw new ArgumentNullException(nameof(item));
            if (policy == null) throw new ArgumentNullException(nameof(policy));
            if (item.VaultId == null || item.ContainerName == null)
                throw new ArgumentException("The protectable item has no id naming its container: pass one returned by the service.", nameof(item));
            if (!item.VaultId.Equals(policy.VaultId))
                throw new ArgumentException($"Policy '{policy.Name}' belongs to vault '{policy.VaultName}', but item '{item.FriendlyName}' is in vault '{item.VaultName}'. Use a policy of the item's vault.", nameof(policy));
            var protectedItemType = ProtectedItemTypeFor(item.ProtectableItemType)
                ?? throw new ArgumentException($"Items of type '{item.ProtectableItemType}' cannot be protected one by one; protect its databases (SQLDataBase, SAPHanaDatabase).", nameof(item));
            if (!string.IsNullOrEmpty(policy.BackupManagementType) && !string.IsNullOrEmpty(item.BackupManagementType)
                && !string.Equals(policy.BackupManagementType, item.BackupManagementType, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"Policy '{policy.Name}' is for {policy.BackupManagementType} items, but '{item.FriendlyName}' is managed by {item.BackupManagementType}. Use {Article(item.BackupManagementType)} {item.BackupManagementType} policy.", nameof(policy));
            // A VM is named by its id, a file share by its storage account's id (the spec's examples).
            var source = item.VirtualMachineId ?? item.ParentContainerFabricId;
            var fabric = item.ResourceId.Get("backupFabrics") ?? "Azure";
            var path = item.VaultId.ChildId("backupFabrics", fabric, "protectionContainers", item.ContainerName, "protectedItems", item.Name);
            var body = JsonBody(w =>
            {
                w.WriteStartObject("properties");
                // The spec's discriminator plus, for workloads in VMs, the walkthrough's pair, so old and new service versions both understand it.
                w.WriteString("protectedItemType", protectedItemType);
                if (string.Equals(item.BackupManagementType, "AzureWorkload", StringComparison.OrdinalIgnoreCase))
                {
                    w.WriteString("backupManagementType", item.BackupManagementType);
                    w.WriteString("workloadType", item.WorkloadType ?? item.ProtectableItemType);
                }
                if (source != null) w.WriteString("sourceResourceId", source);
                w.WriteString("policyId", policy.Id);
                w.WriteEndObject();
            });
            var reply = await SendAsync(RequestMethod.Put, Url(EscapePath(path)), body, cancellationToken).ConfigureAwait(false);
            return Accepted(reply, BackupOperationKind.EnableProtection, item.VaultId, path, item.FriendlyName ?? item.Name);
        }

        public IAsyncEnumerable<ProtectedItem> ListProtectedItemsAsync(VaultId vault, string backupManagementType = "AzureWorkload", string workloadType = null, CancellationToken cancellationToken = default)
        {
            Require(backupManagementType, nameof(backupManagementType));
            var filter = $"backupManagementType eq '{backupManagementType}'";
            if (!string.IsNullOrEmpty(workloadType)) { Require(workloadType, nameof(workloadType)); filter += $" and workloadType eq '{workloadType}'"; }
            return PageAsync(Url(vault.PathOf("backupProtectedItems"), filter), e => new ProtectedItem(e), cancellationToken);
        }

        public async Task<ProtectedItem> GetProtectedItemAsync(VaultId vault, string containerName, string itemName, string fabricName = "Azure", CancellationToken cancellationToken = default)
        {
            ArmNames.Check(ArmNameKind.Container, containerName, nameof(containerName));
            ArmNames.Check(ArmNameKind.ProtectedItem, itemName, nameof(itemName));
            ArmNames.Check(ArmNameKind.Fabric, fabricName, nameof(fabricName));
            return new ProtectedItem(await GetJsonAsync(Url(vault.PathOf("backupFabrics", fabricName, "protectionContainers", containerName, "protectedItems", itemName)), cancellationToken).ConfigureAwait(false));
        }

        /// <summary>GET recoveryPoints: the item's recovery points, newest first, optionally within a time range (UTC).</summary>
        public IAsyncEnumerable<RecoveryPoint> ListRecoveryPointsAsync(ProtectedItem item, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default) =>
            ListRecoveryPointsAsync(item, from, to, null, cancellationToken);

        /// <summary>As above; <paramref name="restorePointQueryType"/> (Log, FullAndDifferential, ...) picks the kinds of SQL points: Log gives the log chain's point-in-time point.</summary>
        public IAsyncEnumerable<RecoveryPoint> ListRecoveryPointsAsync(ProtectedItem item, DateTimeOffset? from, DateTimeOffset? to, string restorePointQueryType, CancellationToken cancellationToken = default)
        {
            if (item?.ResourceId == null) throw new ArgumentException("The protected item has no id.", nameof(item));
            var clauses = new List<string>();
            if (from.HasValue) clauses.Add($"startDate eq '{FilterTime(from.Value)}'");
            if (to.HasValue) clauses.Add($"endDate eq '{FilterTime(to.Value)}'");
            if (restorePointQueryType != null) clauses.Add($"restorePointQueryType eq '{restorePointQueryType}'");
            return PageAsync(Url(EscapePath(item.ResourceId.Text) + "/recoveryPoints", clauses.Count == 0 ? null : string.Join(" and ", clauses)),
                e => new RecoveryPoint(e, item.FriendlyName), cancellationToken);
        }

        public async Task<RecoveryPoint> GetRecoveryPointAsync(ProtectedItem item, string recoveryPointId, CancellationToken cancellationToken = default)
        {
            if (item?.ResourceId == null) throw new ArgumentException("The protected item has no id.", nameof(item));
            ArmNames.Check(ArmNameKind.RecoveryPoint, recoveryPointId, nameof(recoveryPointId));
            return new RecoveryPoint(await GetJsonAsync(Url(EscapePath(item.ResourceId.Text + "/recoveryPoints/" + recoveryPointId)), cancellationToken).ConfigureAwait(false), item.FriendlyName);
        }

        /// <summary>The service's filter time format (the spec's examples): 2016-01-01 00:00:00 AM, UTC.</summary>
        internal static string FilterTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd hh:mm:ss tt", CultureInfo.InvariantCulture);
    }

    /// <summary>Options of an on-demand backup; the request kind follows from the item.</summary>
    public sealed class BackupRequestOptions
    {
        /// <summary>For workloads in VMs: Full, Differential, Log, CopyOnlyFull, ... (default: the workload's first, Full or SnapshotFull). None for VMs and file shares.</summary>
        public string BackupType { get; set; }
        public bool? EnableCompression { get; set; }
        public DateTimeOffset? RecoveryPointExpiryTimeInUtc { get; set; }
    }
}
