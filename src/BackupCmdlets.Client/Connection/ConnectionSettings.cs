using System;
using System.Security;
using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Client.Connection
{
    /// <summary>The ways to sign in.</summary>
    public enum SignInMethod
    {
        /// <summary>Environment variables, workload identity, managed identity, Azure CLI, Azure PowerShell, then (where allowed) a browser.</summary>
        Default,
        ManagedIdentity,
        ServicePrincipalSecret,
        ServicePrincipalCertificate,
        DeviceCode,
        InteractiveBrowser,
        AccessToken,
    }

    /// <summary>
    /// Plain settings from which the client builds its credential, so callers (the cmdlets) never
    /// touch an Azure.Identity type.
    /// </summary>
    public sealed class ConnectionSettings
    {
        /// <summary>AzureCloud, AzureUSGovernment, AzureChinaCloud or Emulator.</summary>
        public string Environment { get; set; } = "AzureCloud";

        /// <summary>Overrides the environment's Resource Manager endpoint.</summary>
        public Uri ResourceManagerUrl { get; set; }

        /// <summary>Overrides the environment's token authority.</summary>
        public Uri AuthorityHost { get; set; }

        public string TenantId { get; set; }

        /// <summary>How to sign in; <see cref="SignInMethod.Default"/> is the usual credential chain.</summary>
        public SignInMethod SignIn { get; set; } = SignInMethod.Default;

        /// <summary>A service principal's application id, or a user-assigned managed identity's client id.</summary>
        public string ClientId { get; set; }

        /// <summary>A user-assigned managed identity by its resource id.</summary>
        public string ManagedIdentityResourceId { get; set; }

        /// <summary>A service principal's secret. Kept as a SecureString until the credential needs it.</summary>
        public SecureString ClientSecret { get; set; }

        /// <summary>A service principal's certificate: a PFX or PEM file (with its password), or a thumbprint in the certificate store.</summary>
        public string CertificatePath { get; set; }
        public SecureString CertificatePassword { get; set; }
        public string CertificateThumbprint { get; set; }

        /// <summary>A token the caller already has (for example from Get-AzAccessToken).</summary>
        public SecureString AccessToken { get; set; }

        /// <summary>Shows device-code sign-in's instruction ("open ... and enter the code ...") to the user.</summary>
        public Action<string> DeviceCodePrompt { get; set; }

        /// <summary>True where someone can answer a browser prompt: the default chain may then end with interactive sign-in.</summary>
        public bool AllowInteractive { get; set; }

        /// <summary>Overrides the api-version of <see cref="BackupClientOptions"/> when set.</summary>
        public string ApiVersion { get; set; }

        /// <summary>Overrides how many times a retriable request is retried, when set.</summary>
        public int? MaxRetries { get; set; }

        /// <summary>Overrides the total time one request may take with its retries, when set.</summary>
        public TimeSpan? RetryTimeout { get; set; }

        internal CloudEnvironment CloudEnvironment => CloudEnvironment.Find(Environment);

        public Uri EffectiveResourceManagerUrl => ResourceManagerUrl ?? CloudEnvironment.ResourceManagerUrl;

        public Uri EffectiveAuthorityHost => AuthorityHost ?? (ResourceManagerUrl != null && EndpointPolicy.IsLoopback(ResourceManagerUrl) ? ResourceManagerUrl : CloudEnvironment.AuthorityHost);

        /// <summary>True when the endpoint is the loopback emulator, which issues its own tokens.</summary>
        public bool UsesEmulator => EndpointPolicy.IsLoopback(EffectiveResourceManagerUrl);
    }
}
