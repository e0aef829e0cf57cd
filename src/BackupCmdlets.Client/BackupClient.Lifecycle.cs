using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;

namespace BackupCmdlets.Client
{
    // The protection lifecycle: stop, resume, change policy, delete backup data, undelete, unregister a container.
    public sealed partial class BackupClient
    {
        /// <summary>PUT protectedItems/{name} with protectionState ProtectionStopped (StopProtection.json): no more backups, the recovery points stay.</summary>
        public Task<BackupOperation> StopProtectionAsync(ProtectedItem item, CancellationToken cancellationToken = default)
        {
            RequireItem(item);
            RequireNotDeleted(item, "stop its protection");
            return PutItemAsync(item, BackupOperationKind.StopProtection, w => w.WriteString("protectionState", "ProtectionStopped"), cancellationToken);
        }

        /// <summary>PUT protectedItems/{name} with a policy: resumes a stopped item, or moves a protected one to another policy.</summary>
        public Task<BackupOperation> ModifyProtectionAsync(ProtectedItem item, BackupPolicy policy, CancellationToken cancellationToken = default)
        {
            RequireItem(item);
            if (policy == null) throw new ArgumentNullException(nameof(policy));
            RequireNotDeleted(item, "protect it");
            if (!item.VaultId.Equals(policy.VaultId))
                throw new ArgumentException($"Policy '{policy.Name}' belongs to vault '{policy.VaultName}', but item '{item.FriendlyName}' is in vault '{item.VaultName}'. Use a policy of the item's vault.", nameof(policy));
            if (!string.IsNullOrEmpty(policy.BackupManagementType) && !string.IsNullOrEmpty(item.BackupManagementType)
                && !string.Equals(policy.BackupManagementType, item.BackupManagementType, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"Policy '{policy.Name}' is for {policy.BackupManagementType} items, but '{item.FriendlyName}' is managed by {item.BackupManagementType}. Use {Article(item.BackupManagementType)} {item.BackupManagementType} policy.", nameof(policy));
            return PutItemAsync(item, BackupOperationKind.ModifyProtection, w => w.WriteString("policyId", policy.Id), cancellationToken);
        }

        /// <summary>PUT protectedItems/{name} with isRehydrate: a soft-deleted item comes back, protection stopped, its recovery points kept.</summary>
        public Task<BackupOperation> UndeleteProtectedItemAsync(ProtectedItem item, CancellationToken cancellationToken = default)
        {
            RequireItem(item);
            if (!item.IsScheduledForDeferredDelete)
                throw new ArgumentException($"Item '{item.FriendlyName}' is not deleted: there is nothing to undelete.", nameof(item));
            return PutItemAsync(item, BackupOperationKind.Undelete, w =>
            {
                w.WriteString("protectionState", "ProtectionStopped");
                w.WriteBoolean("isRehydrate", true);
            }, cancellationToken);
        }

        /// <summary>DELETE protectedItems/{name} (ProtectedItems_Delete): stops protection and deletes the backup data; with soft delete on, the vault keeps it for its soft-delete period.</summary>
        public async Task<BackupOperation> DeleteBackupDataAsync(ProtectedItem item, CancellationToken cancellationToken = default)
        {
            RequireItem(item);
            RequireNotDeleted(item, "delete its backup data");
            var path = item.ResourceId.Text;
            var reply = await SendAsync(RequestMethod.Delete, Url(EscapePath(path)), null, cancellationToken).ConfigureAwait(false);
            return Accepted(reply, BackupOperationKind.DeleteBackupData, item.VaultId, path, item.FriendlyName ?? item.Name);
        }

        /// <summary>DELETE protectionContainers/{name} (ProtectionContainers_Unregister). The service refuses while the container holds backup data.</summary>
        public async Task<BackupOperation> UnregisterContainerAsync(ProtectionContainer container, CancellationToken cancellationToken = default)
        {
            if (container?.ResourceId == null || container.VaultId == null)
                throw new ArgumentException("The container has no id: pass one returned by the service.", nameof(container));
            var path = container.ResourceId.Text;
            var reply = await SendAsync(RequestMethod.Delete, Url(EscapePath(path)), null, cancellationToken).ConfigureAwait(false);
            return Accepted(reply, BackupOperationKind.Unregister, container.VaultId, path, container.FriendlyName ?? container.Name);
        }

        /// <summary>The item's identity as ProtectedItems_CreateOrUpdate wants it (type, and for workloads in VMs the pair), then the change.</summary>
        async Task<BackupOperation> PutItemAsync(ProtectedItem item, BackupOperationKind kind, Action<Utf8JsonWriter> change, CancellationToken cancellationToken)
        {
            var path = item.ResourceId.Text;
            var body = JsonBody(w =>
            {
                w.WriteStartObject("properties");
                if (item.ProtectedItemType != null) w.WriteString("protectedItemType", item.ProtectedItemType);
                if (string.Equals(item.BackupManagementType, "AzureWorkload", StringComparison.OrdinalIgnoreCase))
                {
                    w.WriteString("backupManagementType", item.BackupManagementType);
                    if (item.WorkloadType != null) w.WriteString("workloadType", item.WorkloadType);
                }
                if (item.SourceResourceId != null) w.WriteString("sourceResourceId", item.SourceResourceId);
                change(w);
                w.WriteEndObject();
            });
            var reply = await SendAsync(RequestMethod.Put, Url(EscapePath(path)), body, cancellationToken).ConfigureAwait(false);
            return Accepted(reply, kind, item.VaultId, path, item.FriendlyName ?? item.Name);
        }

        static void RequireItem(ProtectedItem item)
        {
            if (item?.ResourceId == null || item.VaultId == null)
                throw new ArgumentException("The protected item has no id: pass one returned by the service.", nameof(item));
        }

        static void RequireNotDeleted(ProtectedItem item, string what)
        {
            if (item.IsScheduledForDeferredDelete)
                throw new ArgumentException($"Item '{item.FriendlyName}' is deleted (soft delete keeps its data until {item.DeferredDeleteTime:u}). Undo the deletion (Undo-BackupItemDeletion) before you {what}.", nameof(item));
        }
    }
}
