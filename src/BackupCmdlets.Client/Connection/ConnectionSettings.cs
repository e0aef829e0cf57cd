using System;
using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Client.Connection
{
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
