using System;
using System.Collections.Generic;
using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>
    /// Disable-BackupAutoProtection: stops auto-protection of a SQL instance or an availability group. Databases
    /// protected already stay protected and keep being backed up; only databases created later are left alone.
    /// ConfirmImpact Medium: no backup or recovery point is removed and Enable-BackupAutoProtection undoes it.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Disable, "BackupAutoProtection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByIntent)]
    [OutputType(typeof(ProtectionIntent))]
    public sealed class DisableBackupAutoProtectionCommand : BackupCmdletBase
    {
        const string ByIntent = "ByIntent";
        const string ByItem = "ByItem";

        /// <summary>An intent from Get-BackupAutoProtection or Enable-BackupAutoProtection.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByIntent)]
        public ProtectionIntent InputObject { get; set; }

        /// <summary>The auto-protected SQLInstance or SQLAvailabilityGroupContainer item (from Get-BackupProtectableItem).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByItem)]
        public ProtectableItem Item { get; set; }

        /// <summary>Emit each intent removed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        List<ProtectionIntent> intents;

        protected override void Process()
        {
            var context = Context;
            object target = (object)InputObject ?? Item;
            ForItem(target, "DisableAutoProtectionFailed", () =>
            {
                var intent = InputObject;
                if (intent == null)
                {
                    RequireConnectedVault(Item, nameof(Item));
                    if (!BackupCmdlets.Client.BackupClient.IsAutoProtectable(Item))
                        throw new ArgumentException($"-Item: '{Item.FriendlyName ?? Item.Name}' is a {Item.ProtectableItemType}; only a SQLInstance or a SQLAvailabilityGroupContainer can be auto-protected.", nameof(Item));
                    intent = IntentOf(context, Item);
                    if (intent == null)
                        throw new NotFoundException($"'{Item.FriendlyName}' on {Item.ServerName} is not auto-protected in vault '{context.VaultName}'. Run Get-BackupAutoProtection to see what is.");
                }
                else
                {
                    RequireConnectedVault(intent, nameof(InputObject));
                    if (intent.Id == null) throw new ArgumentException("-InputObject has no id: pass an intent returned by Get-BackupAutoProtection.", nameof(InputObject));
                }
                if (!ShouldProcess($"{intent.ItemFriendlyName} on {intent.ServerName} (intent {intent.Name}) in vault '{context.VaultName}'",
                        "Stop auto-protection (protected databases stay protected)")) return;
                Run(async (client, ct) => { await client.DisableAutoProtectionAsync(intent, ct).ConfigureAwait(false); return true; });
                if (PassThru.IsPresent) WriteObject(intent);
            });
        }

        ProtectionIntent IntentOf(BackupContext context, ProtectableItem item)
        {
            if (intents == null)
            {
                intents = new List<ProtectionIntent>();
                var vault = context.VaultId;
                Stream(Client.ListProtectionIntentsAsync(vault), i => { intents.Add(i); return false; });
            }
            return intents.Find(i => string.Equals(i.ItemId, item.Id, StringComparison.OrdinalIgnoreCase)
                || (string.Equals(i.ContainerName, item.ContainerName, StringComparison.OrdinalIgnoreCase) && string.Equals(i.ItemName, item.Name, StringComparison.OrdinalIgnoreCase)));
        }
    }
}
