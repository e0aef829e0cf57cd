using Azure.Core;
using Azure.Identity;

namespace BackupCmdlets.Client.Connection
{
    /// <summary>Chooses the credential for a connection. Sign-in options beyond the default chain arrive with later work.</summary>
    internal static class CredentialFactory
    {
        public static TokenCredential Create(ConnectionSettings settings)
        {
            if (settings.UsesEmulator)
                return new EmulatorCredential(settings.EffectiveAuthorityHost, settings.TenantId);
            return new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                AuthorityHost = settings.EffectiveAuthorityHost,
                TenantId = settings.TenantId,
                ExcludeInteractiveBrowserCredential = true,
            });
        }
    }
}
