using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace BackupCmdlets.Client.Connection
{
    /// <summary>Chooses the Azure.Identity credential for a connection, so callers never touch an Azure.Identity type.</summary>
    internal static class CredentialFactory
    {
        /// <param name="transport">The client's transport, so sign-in goes the way requests go (proxies, test certificates).</param>
        public static TokenCredential Create(ConnectionSettings settings, HttpPipelineTransport transport = null)
        {
            var authority = settings.EffectiveAuthorityHost;
            // MSAL asks login.microsoftonline.com whether an authority is known; the emulator's and other custom hosts are not.
            var custom = !CloudEnvironment.All.Any(e => e.Name != "Emulator" && e.AuthorityHost.Host == authority.Host);
            T Options<T>(T o) where T : TokenCredentialOptions
            {
                // Azure.Identity takes only an https authority; managed identity has none.
                if (authority.Scheme == Uri.UriSchemeHttps && !(o is ManagedIdentityCredentialOptions)) o.AuthorityHost = authority;
                if (transport != null) o.Transport = transport;
                return o;
            }

            // MSAL signs in only at an https authority. Against the emulator on plain http these would quietly
            // go to the public cloud instead; say so before anything is sent.
            var needsMsalAuthority = settings.SignIn == SignInMethod.ServicePrincipalSecret || settings.SignIn == SignInMethod.ServicePrincipalCertificate
                || settings.SignIn == SignInMethod.DeviceCode || settings.SignIn == SignInMethod.InteractiveBrowser;
            if (needsMsalAuthority && authority.Scheme != Uri.UriSchemeHttps)
                throw new ArgumentException($"Signing in with {settings.SignIn} needs an https authority, and '{authority.GetLeftPart(UriPartial.Authority)}' is http. " +
                    "Against the emulator on http, connect without a sign-in parameter (it issues its own tokens), or with -Identity or -AccessToken; " +
                    "or run it on https and give -AuthorityHost.", "AuthorityHost");

            switch (settings.SignIn)
            {
                case SignInMethod.ManagedIdentity:
                    // IDENTITY_ENDPOINT + IDENTITY_HEADER (Azure Automation, App Service, Functions), else the VM's instance metadata service.
                    var identity = !string.IsNullOrEmpty(settings.ManagedIdentityResourceId)
                        ? ManagedIdentityId.FromUserAssignedResourceId(new ResourceIdentifier(settings.ManagedIdentityResourceId))
                        : !string.IsNullOrEmpty(settings.ClientId) ? ManagedIdentityId.FromUserAssignedClientId(settings.ClientId)
                        : ManagedIdentityId.SystemAssigned;
                    return new ManagedIdentityCredential(Options(new ManagedIdentityCredentialOptions(identity)));

                case SignInMethod.ServicePrincipalSecret:
                    Require(settings.TenantId, "TenantId");
                    Require(settings.ClientId, "ClientId");
                    if (settings.ClientSecret == null || settings.ClientSecret.Length == 0) throw new ArgumentException("A client secret is required.", "ClientSecret");
                    return new ClientSecretCredential(settings.TenantId, settings.ClientId, Secrets.Reveal(settings.ClientSecret),
                        Options(new ClientSecretCredentialOptions { DisableInstanceDiscovery = custom }));

                case SignInMethod.ServicePrincipalCertificate:
                    Require(settings.TenantId, "TenantId");
                    Require(settings.ClientId, "ClientId");
                    var certificateOptions = Options(new ClientCertificateCredentialOptions { DisableInstanceDiscovery = custom });
                    // A PEM file (certificate and key) is read by Azure.Identity itself; a PFX, or a store's certificate, here.
                    return settings.CertificatePassword == null && File.Exists(settings.CertificatePath ?? "") && settings.CertificatePath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
                        ? new ClientCertificateCredential(settings.TenantId, settings.ClientId, settings.CertificatePath, certificateOptions)
                        : new ClientCertificateCredential(settings.TenantId, settings.ClientId, Certificate(settings), certificateOptions);

                case SignInMethod.DeviceCode:
                    var prompt = settings.DeviceCodePrompt ?? (_ => { });
                    return new DeviceCodeCredential(Options(new DeviceCodeCredentialOptions
                    {
                        TenantId = settings.TenantId,
                        ClientId = settings.ClientId ?? AzurePowerShellClientId,
                        DisableInstanceDiscovery = custom,
                        DeviceCodeCallback = (code, _) => { prompt(code.Message); return Task.CompletedTask; },
                    }));

                case SignInMethod.InteractiveBrowser:
                    return new InteractiveBrowserCredential(Options(new InteractiveBrowserCredentialOptions
                    {
                        TenantId = settings.TenantId,
                        ClientId = settings.ClientId ?? AzurePowerShellClientId,
                        DisableInstanceDiscovery = custom,
                    }));

                case SignInMethod.AccessToken:
                    return new AccessTokenCredential(settings.AccessToken);

                default:
                    if (settings.UsesEmulator)
                        return new EmulatorCredential(settings.EffectiveAuthorityHost, settings.TenantId);
                    return new DefaultAzureCredential(Options(new DefaultAzureCredentialOptions
                    {
                        TenantId = settings.TenantId,
                        ExcludeInteractiveBrowserCredential = !settings.AllowInteractive,
                    }));
            }
        }

        /// <summary>The public client id Azure PowerShell signs users in with; users consent to it once per tenant.</summary>
        const string AzurePowerShellClientId = "1950a258-227b-4e31-a9cf-717495945fc2";

        static X509Certificate2 Certificate(ConnectionSettings settings)
        {
            if (!string.IsNullOrEmpty(settings.CertificatePath))
            {
                if (!File.Exists(settings.CertificatePath)) throw new ArgumentException($"No certificate file at '{settings.CertificatePath}'.", "CertificatePath");
                return settings.CertificatePassword == null
                    ? new X509Certificate2(settings.CertificatePath)
                    : new X509Certificate2(settings.CertificatePath, settings.CertificatePassword, X509KeyStorageFlags.DefaultKeySet);
            }
            Require(settings.CertificateThumbprint, "CertificateThumbprint");
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
                using (var store = new X509Store(StoreName.My, location))
                {
                    try { store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly); }
                    catch (System.Security.Cryptography.CryptographicException) { continue; } // no such store on this platform
                    var found = store.Certificates.Find(X509FindType.FindByThumbprint, settings.CertificateThumbprint, validOnly: false);
                    if (found.Count > 0 && found[0].HasPrivateKey) return found[0];
                }
            throw new ArgumentException($"No certificate with thumbprint {settings.CertificateThumbprint} and its private key in the CurrentUser or LocalMachine 'My' store.", "CertificateThumbprint");
        }

        static void Require(string value, string name)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} is required for this sign-in.", name);
        }
    }
}
