using System;
using System.Collections.Generic;
using System.Linq;

namespace BackupCmdlets.Client.Connection
{
    /// <summary>An Azure cloud (or the emulator): where Resource Manager is, who issues tokens, and for what audience.</summary>
    public sealed class CloudEnvironment
    {
        public const string EmulatorUrl = "http://127.0.0.1:5599/";

        CloudEnvironment(string name, string resourceManagerUrl, string authorityHost)
        {
            Name = name;
            ResourceManagerUrl = new Uri(resourceManagerUrl);
            AuthorityHost = new Uri(authorityHost);
        }

        public string Name { get; }
        public Uri ResourceManagerUrl { get; }
        public Uri AuthorityHost { get; }

        public static readonly CloudEnvironment AzureCloud = new CloudEnvironment("AzureCloud", "https://management.azure.com/", "https://login.microsoftonline.com/");
        public static readonly CloudEnvironment AzureUSGovernment = new CloudEnvironment("AzureUSGovernment", "https://management.usgovcloudapi.net/", "https://login.microsoftonline.us/");
        public static readonly CloudEnvironment AzureChinaCloud = new CloudEnvironment("AzureChinaCloud", "https://management.chinacloudapi.cn/", "https://login.chinacloudapi.cn/");
        public static readonly CloudEnvironment Emulator = new CloudEnvironment("Emulator", EmulatorUrl, EmulatorUrl);

        public static IReadOnlyList<CloudEnvironment> All { get; } = new[] { AzureCloud, AzureUSGovernment, AzureChinaCloud, Emulator };

        public static CloudEnvironment Find(string name) =>
            All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown environment '{name}'. Valid: {string.Join(", ", All.Select(e => e.Name))}.", nameof(name));

        /// <summary>The token scope for a Resource Manager endpoint: its audience plus <c>/.default</c>.</summary>
        public static string ScopeFor(Uri resourceManagerUrl) => resourceManagerUrl.GetLeftPart(UriPartial.Authority) + "/.default";
    }
}
