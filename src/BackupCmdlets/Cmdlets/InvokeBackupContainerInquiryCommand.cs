using System;
using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Client.Ids;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>
    /// Invoke-BackupContainerInquiry: the service looks inside a registered VM for SQL databases, or a storage account for file shares.
    /// With -Wait (or Wait-BackupOperation) an inquiry that reports failure is an error, not silence.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "BackupContainerInquiry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ByObject)]
    [OutputType(typeof(BackupOperation), typeof(ProtectionContainer))]
    public sealed class InvokeBackupContainerInquiryCommand : AsyncOperationCmdlet
    {
        const string ByObject = "ByObject";
        const string ByName = "ByName";

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByObject)]
        public ProtectionContainer InputObject { get; set; }

        /// <summary>The container's full name as the service gives it.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName)]
        [Alias("ContainerName")]
        public string Name { get; set; }

        [Parameter]
        [ValidateSet("SQLDataBase", "SAPHanaDatabase", "AzureFileShare", IgnoreCase = true)]
        public string WorkloadType { get; set; }

        protected override void Process()
        {
            var workload = Inputs.OneOf(WorkloadType, Inputs.ContainerWorkloadTypes, nameof(WorkloadType));
            var context = Context;
            RequireConnectedVault(InputObject, nameof(InputObject));
            var name = InputObject?.Name ?? Inputs.PathName(Name, ArmNameKind.Container, nameof(Name));
            // Without -WorkloadType: file shares in a storage account, SQL databases in a VM.
            var shown = workload ?? (InputObject != null ? global::BackupCmdlets.Client.BackupClient.InquiryWorkloadFor(InputObject) : "its");
            if (!ShouldProcess(name, $"Inquire for {shown} workloads")) return;
            var given = InputObject;
            // By name the container is read first, with the inquiry: both in the background, as one item's work.
            ForItem((object)given ?? name, "InquiryFailed", () => Start((object)given ?? name, "InquiryFailed", async (client, ct) =>
            {
                var container = given ?? await client.GetContainerAsync(context.VaultId, name, cancellationToken: ct).ConfigureAwait(false);
                return await client.InquireAsync(container, workload, ct).ConfigureAwait(false);
            }));
        }
    }
}
