using System;
using System.Management.Automation;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Connection;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>Connect-BackupVault: chooses the vault (and cloud) every other cmdlet works on, and checks it exists.</summary>
    [Cmdlet(VerbsCommunications.Connect, "BackupVault", DefaultParameterSetName = ByName)]
    [OutputType(typeof(BackupContext))]
    public sealed class ConnectBackupVaultCommand : BackupCmdletBase
    {
        const string ByName = "ByName";
        const string ById = "ById";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName)]
        public string SubscriptionId { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByName)]
        public string ResourceGroupName { get; set; }

        [Parameter(Mandatory = true, Position = 2, ParameterSetName = ByName)]
        [Alias("VaultName")]
        public string Name { get; set; }

        /// <summary>The vault's full ARM id, for example from Get-AzRecoveryServicesVault.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ById, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "ResourceId")]
        public string VaultId { get; set; }

        [Parameter]
        [ValidateSet("AzureCloud", "AzureUSGovernment", "AzureChinaCloud", "Emulator", IgnoreCase = true)]
        public string Environment { get; set; } = "AzureCloud";

        /// <summary>Overrides the environment's Resource Manager endpoint (https, or http on loopback for the emulator).</summary>
        [Parameter]
        public Uri ResourceManagerUrl { get; set; }

        [Parameter]
        public Uri AuthorityHost { get; set; }

        [Parameter]
        [Alias("TenantId")]
        public string Tenant { get; set; }

        [Parameter]
        public string ApiVersion { get; set; }

        /// <summary>How many times a failed read, idempotent write or poll is retried (default 4).</summary>
        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetries { get; set; } = -1;

        /// <summary>The most seconds one request may take, its retries included (default 300).</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int RetryTimeout { get; set; }

        protected override void Process()
        {
            var vault = VaultId != null
                ? ParseVaultId(VaultId)
                : new VaultId(Inputs.SubscriptionId(SubscriptionId), Inputs.Name(ResourceGroupName, nameof(ResourceGroupName)), Inputs.Name(Name, nameof(Name)));
            var settings = new ConnectionSettings
            {
                Environment = Inputs.OneOf(Environment, Inputs.Environments, nameof(Environment)),
                ResourceManagerUrl = CheckUrl(ResourceManagerUrl, nameof(ResourceManagerUrl)),
                AuthorityHost = CheckUrl(AuthorityHost, nameof(AuthorityHost)),
                TenantId = Tenant,
                ApiVersion = Inputs.ApiVersion(ApiVersion) ?? BackupClientOptions.DefaultApiVersion,
            };
            if (MaxRetries >= 0) settings.MaxRetries = MaxRetries <= 20 ? MaxRetries : throw new ArgumentException("-MaxRetries must be from 0 to 20.", nameof(MaxRetries));
            if (RetryTimeout != 0) settings.RetryTimeout = RetryTimeout > 0 ? TimeSpan.FromSeconds(RetryTimeout) : throw new ArgumentException("-RetryTimeout must be a positive number of seconds.", nameof(RetryTimeout));
            var client = BackupClient.Create(settings);
            Sink.WriteVerbose($"Connecting to vault '{vault.Name}' at {client.Endpoint} (api-version {client.ApiVersion}).");
            try
            {
                var resource = Run(ct => client.GetVaultAsync(vault, ct));
                var context = new BackupContext(client, vault, settings.Environment, resource);
                BackupSession.Current = context;
                Sink.WriteObject(context);
            }
            catch (BackupException e)
            {
                Sink.ThrowTerminatingError(e, ErrorRecords.IdOf(e, "ConnectFailed"), ErrorRecords.CategoryOf(e), vault.Id);
            }
        }

        static VaultId ParseVaultId(string id)
        {
            try { return global::BackupCmdlets.Client.Ids.VaultId.Parse(id); }
            catch (FormatException e) { throw new ArgumentException($"-VaultId: {e.Message} Expected /subscriptions/{{id}}/resourceGroups/{{group}}/providers/Microsoft.RecoveryServices/vaults/{{name}}.", nameof(VaultId)); }
        }

        static Uri CheckUrl(Uri url, string parameter)
        {
            if (url == null) return null;
            if (!url.IsAbsoluteUri) throw new ArgumentException($"-{parameter} '{url}' must be an absolute URL.", parameter);
            try { global::BackupCmdlets.Client.Http.EndpointPolicy.EnsureAllowed(url); }
            catch (InvalidOperationException e) { throw new ArgumentException($"-{parameter}: {e.Message}", parameter); }
            return url;
        }
    }
}
