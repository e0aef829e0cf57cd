using System.Linq;
using System.Text.Json;
using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Client.Models
{
    /// <summary>Something inside a registered container that can be protected: a SQL database, an instance, ...</summary>
    public sealed class ProtectableItem : BackupResource
    {
        public ProtectableItem(JsonElement json) : base(json)
        {
            var p = Properties;
            ProtectableItemType = p.Str("protectableItemType");
            FriendlyName = p.Str("friendlyName");
            ServerName = p.Str("serverName");
            ParentName = p.Str("parentName");
            WorkloadType = p.Str("workloadType");
            BackupManagementType = p.Str("backupManagementType");
            ProtectionState = p.Str("protectionState");
            IsAutoProtectable = p.Bool("isAutoProtectable");
            ContainerName = ResourceId?.Get("protectionContainers");
            VirtualMachineId = p.Str("virtualMachineId");
            ParentContainerFabricId = p.Str("parentContainerFabricId");
            ParentContainerFriendlyName = p.Str("parentContainerFriendlyName");
        }

        /// <summary>The <c>protectableItemType</c> discriminator (<c>SQLDataBase</c>, <c>SQLInstance</c>, ...), kept as sent.</summary>
        public string ProtectableItemType { get; }
        public string FriendlyName { get; }
        public string ServerName { get; }
        public string ParentName { get; }
        public string WorkloadType { get; }
        public string BackupManagementType { get; }
        public string ProtectionState { get; }
        public bool? IsAutoProtectable { get; }

        /// <summary>The name of the container the item lives in, taken from its id.</summary>
        public string ContainerName { get; }

        /// <summary>Where the item lives: a database's server, a VM itself, a file share's storage account.</summary>
        public string HostName => ServerName ?? ParentContainerFriendlyName ?? ContainerName?.Split(';').Last();

        /// <summary>An Azure VM's resource id (VM items only).</summary>
        public string VirtualMachineId { get; }

        /// <summary>The storage account's resource id and name (file share items only).</summary>
        public string ParentContainerFabricId { get; }
        public string ParentContainerFriendlyName { get; }
    }
}
