using System.Text.Json;
using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Client.Models
{
    /// <summary>A discovered VM (or storage account) that can be registered with the vault.</summary>
    public sealed class ProtectableContainer : BackupResource
    {
        public ProtectableContainer(JsonElement json) : base(json)
        {
            var p = Properties;
            FriendlyName = p.Str("friendlyName");
            BackupManagementType = p.Str("backupManagementType");
            ContainerType = p.Str("protectableContainerType");
            HealthStatus = p.Str("healthStatus");
            ContainerId = p.Str("containerId");
        }

        public string FriendlyName { get; }
        public string BackupManagementType { get; }

        /// <summary>The <c>protectableContainerType</c> discriminator, kept as sent (for example <c>VMAppContainer</c>).</summary>
        public string ContainerType { get; }
        public string HealthStatus { get; }

        /// <summary>The id of the Azure resource behind the container (the VM).</summary>
        public string ContainerId { get; }
    }
}
