using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;

namespace BackupCmdlets.Client
{
    // Vault, discovery, registration and inquiry.
    public sealed partial class BackupClient
    {
        public async Task<BackupVault> GetVaultAsync(VaultId vault, CancellationToken cancellationToken = default)
            => new BackupVault(await GetJsonAsync(Url(vault.PathOf()), cancellationToken).ConfigureAwait(false));

        /// <summary>Resource Manager's api-version for listing resource groups (their API is not Recovery Services').</summary>
        public const string ResourceGroupsApiVersion = "2021-04-01";

        /// <summary>GET the Recovery Services vaults of a subscription, or of one of its resource groups. Streams page by page.</summary>
        public IAsyncEnumerable<BackupVault> ListVaultsAsync(string subscriptionId, string resourceGroupName = null, CancellationToken cancellationToken = default)
        {
            ArmNames.Check(ArmNameKind.SubscriptionId, subscriptionId, nameof(subscriptionId));
            if (resourceGroupName != null) ArmNames.Check(ArmNameKind.ResourceGroup, resourceGroupName, nameof(resourceGroupName));
            var scope = resourceGroupName == null ? $"/subscriptions/{subscriptionId}" : $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";
            return PageAsync(Url(ArmPath.Of(scope + "/providers/Microsoft.RecoveryServices/vaults")), e => new BackupVault(e), cancellationToken);
        }

        /// <summary>GET the names of a subscription's resource groups. Streams page by page.</summary>
        public IAsyncEnumerable<string> ListResourceGroupNamesAsync(string subscriptionId, CancellationToken cancellationToken = default)
        {
            ArmNames.Check(ArmNameKind.SubscriptionId, subscriptionId, nameof(subscriptionId));
            return PageAsync(Url(ArmPath.Of($"/subscriptions/{subscriptionId}/resourcegroups"), apiVersion: ResourceGroupsApiVersion), e => Http.Json.Str(e, "name"), cancellationToken);
        }

        /// <summary>POST refreshContainers: the vault discovers VMs (or storage accounts) of the subscription.</summary>
        public async Task<BackupOperation> RefreshContainersAsync(VaultId vault, string backupManagementType = "AzureWorkload", string fabricName = "Azure", CancellationToken cancellationToken = default)
        {
            Require(backupManagementType, nameof(backupManagementType));
            ArmNames.Check(ArmNameKind.Fabric, fabricName, nameof(fabricName));
            var url = Url(vault.PathOf("backupFabrics", fabricName, "refreshContainers"), $"backupManagementType eq '{backupManagementType}'");
            var reply = await SendAsync(RequestMethod.Post, url, null, cancellationToken).ConfigureAwait(false);
            return Accepted(reply, BackupOperationKind.Refresh, vault, vault.ChildId("backupFabrics", fabricName), fabricName);
        }

        /// <summary>GET protectableContainers: what a refresh discovered and is not registered yet. Streams page by page.</summary>
        public IAsyncEnumerable<ProtectableContainer> ListProtectableContainersAsync(VaultId vault, string backupManagementType = "AzureWorkload", string fabricName = "Azure", CancellationToken cancellationToken = default)
        {
            Require(backupManagementType, nameof(backupManagementType));
            ArmNames.Check(ArmNameKind.Fabric, fabricName, nameof(fabricName));
            return PageAsync(Url(vault.PathOf("backupFabrics", fabricName, "protectableContainers"), $"backupManagementType eq '{backupManagementType}'"),
                e => new ProtectableContainer(e), cancellationToken);
        }

        /// <summary>PUT protectionContainers/{name}: registers a discovered container. The name must be the one the service gave.</summary>
        /// <remarks>A VM is registered for a workload (default SQLDataBase); a storage account with its lock acquired, as the spec's example does.</remarks>
        public async Task<BackupOperation> RegisterContainerAsync(ProtectableContainer container, string workloadType = null, CancellationToken cancellationToken = default)
        {
            if (container == null) throw new ArgumentNullException(nameof(container));
            if (container.VaultId == null || string.IsNullOrEmpty(container.Name))
                throw new ArgumentException("The protectable container has no id: pass one returned by the service.", nameof(container));
            var isStorage = string.Equals(container.ContainerType, "StorageContainer", StringComparison.OrdinalIgnoreCase);
            workloadType = workloadType ?? (isStorage ? null : "SQLDataBase");
            if (isStorage && workloadType != null && !string.Equals(workloadType, "AzureFileShare", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"'{container.FriendlyName}' is a storage account: it holds file shares (AzureFileShare), not {workloadType}.", nameof(workloadType));
            if (workloadType != null) Require(workloadType, nameof(workloadType));
            var fabric = container.ResourceId.Get("backupFabrics") ?? "Azure";
            var path = container.VaultId.ChildId("backupFabrics", fabric, "protectionContainers", container.Name);
            var body = JsonBody(w =>
            {
                w.WriteStartObject("properties");
                w.WriteString("backupManagementType", container.BackupManagementType ?? "AzureWorkload");
                w.WriteString("friendlyName", container.FriendlyName);
                w.WriteString("containerType", container.ContainerType ?? "VMAppContainer");
                w.WriteString("sourceResourceId", container.ContainerId);
                if (isStorage) w.WriteString("acquireStorageAccountLock", "Acquire");
                else w.WriteString("workloadType", workloadType);
                w.WriteEndObject();
            });
            var reply = await SendAsync(RequestMethod.Put, Url(EscapePath(path)), body, cancellationToken).ConfigureAwait(false);
            return Accepted(reply, BackupOperationKind.Register, container.VaultId, path, container.FriendlyName ?? container.Name);
        }

        public async Task<ProtectionContainer> GetContainerAsync(VaultId vault, string containerName, string fabricName = "Azure", CancellationToken cancellationToken = default)
        {
            ArmNames.Check(ArmNameKind.Container, containerName, nameof(containerName));
            ArmNames.Check(ArmNameKind.Fabric, fabricName, nameof(fabricName));
            return new ProtectionContainer(await GetJsonAsync(Url(vault.PathOf("backupFabrics", fabricName, "protectionContainers", containerName)), cancellationToken).ConfigureAwait(false));
        }

        /// <summary>GET backupProtectionContainers: the vault's registered containers of one management type.</summary>
        public IAsyncEnumerable<ProtectionContainer> ListContainersAsync(VaultId vault, string backupManagementType = "AzureWorkload", CancellationToken cancellationToken = default)
        {
            Require(backupManagementType, nameof(backupManagementType));
            return PageAsync(Url(vault.PathOf("backupProtectionContainers"), $"backupManagementType eq '{backupManagementType}'"),
                e => new ProtectionContainer(e), cancellationToken);
        }

        /// <summary>POST inquire: the service looks inside a registered container for workloads (SQL databases, file shares).</summary>
        public async Task<BackupOperation> InquireAsync(ProtectionContainer container, string workloadType = null, CancellationToken cancellationToken = default)
        {
            if (container == null) throw new ArgumentNullException(nameof(container));
            if (container.VaultId == null) throw new ArgumentException("The container has no id: pass one returned by the service.", nameof(container));
            workloadType = workloadType ?? InquiryWorkloadFor(container);
            Require(workloadType, nameof(workloadType));
            var path = container.ResourceId.Text;
            var url = Url(EscapePath(path) + "/inquire", $"workloadType EQ '{workloadType}'");
            var reply = await SendAsync(RequestMethod.Post, url, null, cancellationToken).ConfigureAwait(false);
            return Accepted(reply, BackupOperationKind.Inquiry, container.VaultId, path, container.FriendlyName ?? container.Name);
        }

        /// <summary>What an inquiry looks for by default: file shares in a storage account, SQL databases in a VM.</summary>
        public static string InquiryWorkloadFor(ProtectionContainer container) =>
            string.Equals(container?.ContainerType, "StorageContainer", StringComparison.OrdinalIgnoreCase) ? "AzureFileShare" : "SQLDataBase";

        static string EscapePath(string path) => ArmPath.Of(path);

        static void Require(string value, string name)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} must not be empty.", name);
            if (value.IndexOf('\'') >= 0) throw new ArgumentException($"{name} '{value}' must not contain a quote.", name);
        }
    }
}
