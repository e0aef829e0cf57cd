using System;
using System.Linq;
using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>Get-BackupAutoProtection: the vault's auto-protection intents of SQL instances and availability groups.</summary>
    [Cmdlet(VerbsCommon.Get, "BackupAutoProtection")]
    [OutputType(typeof(ProtectionIntent))]
    public sealed class GetBackupAutoProtectionCommand : BackupCmdletBase
    {
        /// <summary>SQLInstance or SQLAvailabilityGroupContainer (default: both).</summary>
        [Parameter(Position = 0)]
        [ValidateSet("SQLInstance", "SQLAvailabilityGroupContainer", IgnoreCase = true)]
        public string ItemType { get; set; }

        /// <summary>The VM of an instance, or the availability group; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[] ServerName { get; set; }

        /// <summary>Only the intent of this instance or group (binds from Get-BackupProtectableItem).</summary>
        [Parameter(ValueFromPipeline = true)]
        public ProtectableItem Item { get; set; }

        protected override void Process()
        {
            var itemType = Inputs.OneOf(ItemType, BackupCmdlets.Client.BackupClient.AutoProtectableItemTypes.ToArray(), nameof(ItemType));
            foreach (var n in ServerName ?? new string[0]) Inputs.Name(n, nameof(ServerName), wildcardsAllowed: true);
            var context = Context;
            RequireConnectedVault(Item, nameof(Item));
            Stream(Client.ListProtectionIntentsAsync(context.VaultId, itemType), i =>
                (Item == null || string.Equals(i.ItemId, Item.Id, StringComparison.OrdinalIgnoreCase)
                    || (string.Equals(i.ContainerName, Item.ContainerName, StringComparison.OrdinalIgnoreCase) && string.Equals(i.ItemName, Item.Name, StringComparison.OrdinalIgnoreCase)))
                && Wildcard.AnyMatch(ServerName, i.ServerName));
        }
    }
}
