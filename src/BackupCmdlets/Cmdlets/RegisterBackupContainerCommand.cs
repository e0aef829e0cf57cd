using System.Linq;
using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>
    /// Register-BackupContainer: registers a discovered VM with the vault. The container name is
    /// always the one the service listed, never assembled from parts.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "BackupContainer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByObject)]
    [OutputType(typeof(BackupOperation), typeof(ProtectionContainer))]
    public sealed class RegisterBackupContainerCommand : AsyncOperationCmdlet
    {
        const string ByObject = "ByObject";
        const string ByName = "ByFriendlyName";

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByObject)]
        public ProtectableContainer InputObject { get; set; }

        /// <summary>The VM's name as Get-BackupProtectableContainer lists it; looked up, not assembled.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName)]
        public string FriendlyName { get; set; }

        [Parameter]
        [ValidateSet("SQLDataBase", "SAPHanaDatabase", IgnoreCase = true)]
        public string WorkloadType { get; set; } = "SQLDataBase";

        protected override void Process()
        {
            var workload = Inputs.OneOf(WorkloadType, Inputs.ContainerWorkloadTypes, nameof(WorkloadType));
            var container = InputObject ?? Find(Inputs.Name(FriendlyName, nameof(FriendlyName)));
            if (container == null) return;
            RequireConnectedVault(container, nameof(InputObject));
            if (!Sink.ShouldProcess(container.Name, $"Register with vault '{Context.VaultName}' for {workload}")) return;
            ForItem(container, "RegisterFailed", () => Emit(Run(ct => Client.RegisterContainerAsync(container, workload, ct))));
        }

        ProtectableContainer Find(string friendlyName)
        {
            ProtectableContainer found = null;
            ForItem(friendlyName, "ProtectableContainerLookupFailed", () =>
            {
                found = Run(async ct =>
                {
                    await foreach (var c in Client.ListProtectableContainersAsync(Context.VaultId, cancellationToken: ct))
                        if (string.Equals(c.FriendlyName, friendlyName, System.StringComparison.OrdinalIgnoreCase)) return c;
                    return null;
                });
                if (found == null)
                    Sink.WriteError(new NotFoundException($"No protectable container named '{friendlyName}' in vault '{Context.VaultName}'. Run Invoke-BackupContainerRefresh -Wait, then Get-BackupProtectableContainer to see what was discovered."),
                        "ProtectableContainerNotFound", ErrorCategory.ObjectNotFound, friendlyName);
            });
            return found;
        }
    }
}
