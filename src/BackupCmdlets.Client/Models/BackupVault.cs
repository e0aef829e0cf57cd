using System.Text.Json;
using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Client.Models
{
    /// <summary>A Recovery Services vault.</summary>
    public sealed class BackupVault : BackupResource
    {
        public BackupVault(JsonElement json) : base(json)
        {
            Location = json.Str("location");
            ProvisioningState = Properties.Str("provisioningState");
        }

        public string Location { get; }
        public string ProvisioningState { get; }
        public string SubscriptionId => VaultId?.SubscriptionId;
        public string ResourceGroupName => VaultId?.ResourceGroupName;
    }
}
