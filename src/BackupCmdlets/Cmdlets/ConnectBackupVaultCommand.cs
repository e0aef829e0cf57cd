using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Connection;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Cmdlets
{
    /// <summary>
    /// Connect-BackupVault: signs in, chooses the vault (and cloud) every other cmdlet works on, and
    /// checks it exists. The parameter sets are the ways to sign in; the vault is named in every one.
    /// Secrets are SecureStrings (or a PSCredential): a plain string is refused by PowerShell's binder.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "BackupVault", DefaultParameterSetName = Default)]
    [OutputType(typeof(BackupContext))]
    public sealed class ConnectBackupVaultCommand : BackupCmdletBase
    {
        const string Default = "Default";
        const string Identity_ = "ManagedIdentity";
        const string SecretSet = "ServicePrincipalSecret";
        const string CredentialSet = "ServicePrincipalCredential";
        const string CertificateSet = "ServicePrincipalCertificate";
        const string ThumbprintSet = "ServicePrincipalThumbprint";
        const string DeviceSet = "DeviceCode";
        const string TokenSet = "AccessToken";
        const string ContextSet = "Context";

        [Parameter(Position = 0)]
        [Alias("Subscription")]
        public string SubscriptionId { get; set; }

        [Parameter(Position = 1)]
        [ArgumentCompleter(typeof(ResourceGroupCompleter))]
        public string ResourceGroupName { get; set; }

        [Parameter(Position = 2)]
        [Alias("VaultName")]
        [ArgumentCompleter(typeof(VaultNameCompleter))]
        public string Name { get; set; }

        /// <summary>The vault's full ARM id, for example from Get-AzRecoveryServicesVault.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
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

        /// <summary>Sign in with the managed identity of the runbook, function, app or VM (system-assigned unless -ClientId or -ResourceId).</summary>
        [Parameter(Mandatory = true, ParameterSetName = Identity_)]
        public SwitchParameter Identity { get; set; }

        /// <summary>A user-assigned managed identity by its resource id.</summary>
        [Parameter(ParameterSetName = Identity_)]
        public string ResourceId { get; set; }

        /// <summary>Sign in as a service principal (with -ClientSecret, -Credential, -CertificatePath or -CertificateThumbprint).</summary>
        [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
        [Parameter(Mandatory = true, ParameterSetName = ThumbprintSet)]
        public SwitchParameter ServicePrincipal { get; set; }

        /// <summary>The service principal's application id, or a user-assigned managed identity's client id.</summary>
        [Parameter(ParameterSetName = Identity_)]
        [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
        [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
        [Parameter(Mandatory = true, ParameterSetName = ThumbprintSet)]
        [Parameter(ParameterSetName = DeviceSet)]
        [Alias("ApplicationId")]
        public string ClientId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
        public SecureString ClientSecret { get; set; }

        /// <summary>User name: the application id; password: the client secret.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        public PSCredential Credential { get; set; }

        /// <summary>A PFX file (with -CertificatePassword) or a PEM file holding the certificate and its key.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
        public string CertificatePath { get; set; }

        [Parameter(ParameterSetName = CertificateSet)]
        public SecureString CertificatePassword { get; set; }

        /// <summary>A certificate in the CurrentUser or LocalMachine 'My' store (Windows).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ThumbprintSet)]
        public string CertificateThumbprint { get; set; }

        /// <summary>Sign in with a code entered on another device: for consoles without a browser.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceSet)]
        public SwitchParameter UseDeviceAuthentication { get; set; }

        /// <summary>A token you already have, for example (Get-AzAccessToken -AsSecureString).Token. It is not renewed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TokenSet)]
        public SecureString AccessToken { get; set; }

        /// <summary>
        /// A connection made elsewhere (Get-BackupContext, typically through $using: in ForEach-Object -Parallel or
        /// Start-ThreadJob): this runspace uses the same client and credential, so no new sign-in and one token cache.
        /// </summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ContextSet)]
        public new BackupContext Context { get; set; } // hides the base's connected context: here it is the one handed in

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
            if (ParameterSetName == ContextSet)
            {
                UseContext();
                return;
            }
            var vault = Vault();
            var settings = new ConnectionSettings
            {
                Environment = Inputs.OneOf(Environment, Inputs.Environments, nameof(Environment)),
                ResourceManagerUrl = CheckUrl(ResourceManagerUrl, nameof(ResourceManagerUrl)),
                AuthorityHost = CheckUrl(AuthorityHost, nameof(AuthorityHost)),
                TenantId = Tenant,
                ApiVersion = Inputs.ApiVersion(ApiVersion) ?? BackupClientOptions.DefaultApiVersion,
            };
            SignInWith(settings);
            // Device-code sign-in asks the user to act while the request waits: its prompts are queued here and shown
            // from this (the pipeline's) thread. The semaphore wakes that thread at once for a prompt or the end of the work.
            var prompts = new ConcurrentQueue<string>();
            var wake = new SemaphoreSlim(0); // not disposed: a late prompt may still Release it
            settings.DeviceCodePrompt = prompt => { prompts.Enqueue(prompt); wake.Release(); };
            if (MaxRetries >= 0) settings.MaxRetries = MaxRetries <= 20 ? MaxRetries : throw new ArgumentException("-MaxRetries must be from 0 to 20.", nameof(MaxRetries));
            if (RetryTimeout != 0) settings.RetryTimeout = RetryTimeout > 0 ? TimeSpan.FromSeconds(RetryTimeout) : throw new ArgumentException("-RetryTimeout must be a positive number of seconds.", nameof(RetryTimeout));
            var client = BackupClient.Create(settings);
            // Names and methods only: never a secret.
            WriteVerbose($"Connecting to vault '{vault.Name}' at {client.Endpoint} (api-version {client.ApiVersion}), signing in with {settings.SignIn}.");
            try
            {
                var work = Offload(() => client.GetVaultAsync(vault, CancelToken));
                work.ContinueWith(_ => wake.Release(), TaskContinuationOptions.ExecuteSynchronously);
                // No fixed wait: a 3 ms request returns in 3 ms. The 100 ms bound only paces -Verbose traces during a long sign-in.
                while (!work.IsCompleted)
                {
                    wake.Wait(100);
                    while (prompts.TryDequeue(out var prompt)) WriteWarning(prompt);
                    FlushTrace();
                }
                while (prompts.TryDequeue(out var late)) WriteWarning(late);
                FlushTrace();
                var resource = work.GetAwaiter().GetResult();
                var context = new BackupContext(client, vault, settings.Environment, resource, settings.SignIn.ToString(), Tenant, ResourceId ?? settings.ClientId);
                BackupSession.Current = context;
                WriteObject(context);
            }
            catch (BackupException e)
            {
                ThrowTerminatingError(e, ErrorRecords.IdOf(e, "ConnectFailed"), ErrorRecords.CategoryOf(e), vault.Id);
            }
        }

        /// <summary>Takes over a connection made elsewhere; naming a vault, cloud or retry settings beside it would be ignored, so is refused.</summary>
        void UseContext()
        {
            var others = MyInvocation.BoundParameters.Keys
                .Where(k => k != nameof(Context) && !Common.Contains(k))
                // A piped context also binds its own VaultId by property name: that one names the same vault.
                .Where(k => !(k == nameof(VaultId) && string.Equals(VaultId, Context.VaultId.Id, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            if (others.Count > 0)
                throw new ArgumentException($"-Context carries the vault, cloud and sign-in of its connection; leave out -{string.Join(", -", others)}.", others[0]);
            WriteVerbose($"Using the connection to vault '{Context.VaultName}' at {Context.ResourceManagerUrl} (signed in with {Context.SignIn}); no new sign-in.");
            BackupSession.Current = Context;
            WriteObject(Context);
        }

        static readonly string[] Common =
            { "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm" };

        /// <summary>The vault: by -VaultId, or by subscription, group and name; one or the other.</summary>
        VaultId Vault()
        {
            var byName = SubscriptionId != null || ResourceGroupName != null || Name != null;
            if (VaultId != null && byName)
                throw new ArgumentException("Name the vault one way: -VaultId, or -SubscriptionId, -ResourceGroupName and -Name.", nameof(VaultId));
            if (VaultId != null) return ParseVaultId(VaultId);
            if (SubscriptionId == null || ResourceGroupName == null || Name == null)
                throw new ArgumentException("Name the vault: -SubscriptionId, -ResourceGroupName and -Name (or -VaultId).", SubscriptionId == null ? nameof(SubscriptionId) : ResourceGroupName == null ? nameof(ResourceGroupName) : nameof(Name));
            return new VaultId(Inputs.SubscriptionId(SubscriptionId), Inputs.PathName(ResourceGroupName, ArmNameKind.ResourceGroup, nameof(ResourceGroupName)), Inputs.PathName(Name, ArmNameKind.Vault, nameof(Name)));
        }

        /// <summary>The sign-in of the parameter set PowerShell bound; what a set cannot say is checked here.</summary>
        void SignInWith(ConnectionSettings settings)
        {
            switch (ParameterSetName)
            {
                case Identity_:
                    if (ClientId != null && ResourceId != null) throw new ArgumentException("Name a user-assigned identity by -ClientId or by -ResourceId, not both.", nameof(ResourceId));
                    settings.SignIn = SignInMethod.ManagedIdentity;
                    settings.ClientId = ClientId;
                    settings.ManagedIdentityResourceId = ResourceId;
                    return;
                case SecretSet:
                case CredentialSet:
                case CertificateSet:
                case ThumbprintSet:
                    if (string.IsNullOrWhiteSpace(Tenant)) throw new ArgumentException("-ServicePrincipal needs -Tenant (the directory the application is registered in).", nameof(Tenant));
                    if (ParameterSetName == CredentialSet)
                    {
                        settings.ClientId = Credential.UserName;
                        settings.ClientSecret = Credential.Password;
                        settings.SignIn = SignInMethod.ServicePrincipalSecret;
                        return;
                    }
                    settings.ClientId = string.IsNullOrWhiteSpace(ClientId) ? throw new ArgumentException("-ServicePrincipal needs -ClientId (the application id).", nameof(ClientId)) : ClientId;
                    settings.ClientSecret = ClientSecret;
                    settings.CertificatePath = CertificatePath == null ? null : SessionPath(CertificatePath);
                    settings.CertificatePassword = CertificatePassword;
                    settings.CertificateThumbprint = CertificateThumbprint;
                    settings.SignIn = ParameterSetName == SecretSet ? SignInMethod.ServicePrincipalSecret : SignInMethod.ServicePrincipalCertificate;
                    return;
                case DeviceSet:
                    settings.SignIn = SignInMethod.DeviceCode;
                    settings.ClientId = ClientId;
                    return;
                case TokenSet:
                    settings.SignIn = AccessToken.Length == 0 ? throw new ArgumentException("-AccessToken is empty.", nameof(AccessToken)) : SignInMethod.AccessToken;
                    settings.AccessToken = AccessToken;
                    return;
                default:
                    settings.SignIn = SignInMethod.Default;
                    settings.AllowInteractive = Interactivity.PromptPossible(this);
                    return;
            }
        }

        /// <summary>A path relative to PowerShell's current location, not the process's.</summary>
        string SessionPath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

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
