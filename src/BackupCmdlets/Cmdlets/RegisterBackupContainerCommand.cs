using System.Linq;
using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>
    /// Register-BackupContainer: registers a discovered VM or storage account with the vault. The container name is
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

        /// <summary>The VM's (or, with -WorkloadType AzureFileShare, the storage account's) name as Get-BackupProtectableContainer lists it; looked up, not assembled.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName)]
        [ArgumentCompleter(typeof(ProtectableContainerNameCompleter))]
        public string FriendlyName { get; set; }

        [Parameter]
        [ValidateSet("SQLDataBase", "SAPHanaDatabase", "AzureFileShare", IgnoreCase = true)]
        public string WorkloadType { get; set; }

        protected override void Process()
        {
            var workload = Inputs.OneOf(WorkloadType, Inputs.ContainerWorkloadTypes, nameof(WorkloadType));
            var container = InputObject ?? Find(Inputs.Name(FriendlyName, nameof(FriendlyName)), Inputs.ManagementTypeOf(workload) ?? "AzureWorkload");
            if (container == null) return;
            RequireConnectedVault(container, nameof(InputObject));
            var storage = string.Equals(container.ContainerType, "StorageContainer", System.StringComparison.OrdinalIgnoreCase);
            if (storage && workload != null && workload != "AzureFileShare")
                throw new System.ArgumentException($"-WorkloadType {workload} does not fit '{container.FriendlyName}', a storage account: it holds file shares. Leave -WorkloadType out or use AzureFileShare.", nameof(WorkloadType));
            if (!storage && workload == "AzureFileShare")
                throw new System.ArgumentException($"-WorkloadType AzureFileShare does not fit '{container.FriendlyName}', a VM. Use SQLDataBase or SAPHanaDatabase.", nameof(WorkloadType));
            if (storage) workload = null; // a storage account is registered with its lock, not for a workload
            if (!ShouldProcess(container.Name, $"Register with vault '{Context.VaultName}'" + (workload == null ? "" : $" for {workload}"))) return;
            ForItem(container, "RegisterFailed", () => Start(container, "RegisterFailed", (client, ct) => client.RegisterContainerAsync(container, workload, ct)));
        }

        ProtectableContainer Find(string friendlyName, string managementType)
        {
            ProtectableContainer found = null;
            ForItem(friendlyName, "ProtectableContainerLookupFailed", () =>
            {
                var vault = Context.VaultId;
                found = Run(async (client, ct) =>
                {
                    await foreach (var c in client.ListProtectableContainersAsync(vault, managementType, cancellationToken: ct))
                        if (string.Equals(c.FriendlyName, friendlyName, System.StringComparison.OrdinalIgnoreCase)) return c;
                    return null;
                });
                if (found != null) return;
                // Registered VMs leave the protectable list: say so, instead of sending the user to refresh.
                var registered = Run(async (client, ct) =>
                {
                    await foreach (var c in client.ListContainersAsync(vault, managementType, cancellationToken: ct))
                        if (string.Equals(c.FriendlyName, friendlyName, System.StringComparison.OrdinalIgnoreCase)) return c;
                    return null;
                });
                if (registered != null)
                    WriteError(new System.InvalidOperationException($"'{registered.FriendlyName}' is already registered with vault '{Context.VaultName}' as container '{registered.Name}' ({registered.RegistrationStatus}). See it with Get-BackupContainer -FriendlyName {registered.FriendlyName}."),
                        "ContainerAlreadyRegistered", ErrorCategory.ResourceExists, friendlyName);
                else
                    WriteError(new NotFoundException($"No protectable container named '{friendlyName}' in vault '{Context.VaultName}'. Run Invoke-BackupContainerRefresh -Wait, then Get-BackupProtectableContainer to see what was discovered."),
                        "ProtectableContainerNotFound", ErrorCategory.ObjectNotFound, friendlyName);
            });
            return found;
        }
    }
}
