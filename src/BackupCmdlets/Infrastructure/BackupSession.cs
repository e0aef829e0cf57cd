using System;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>The connection Connect-BackupVault made: which vault, through which client. Holds no secret.</summary>
    public sealed class BackupContext
    {
        internal BackupContext(BackupClient client, VaultId vault, string environment, BackupVault vaultResource, string signIn = "Default", string tenant = null, string account = null)
        {
            Client = client;
            VaultId = vault;
            Environment = environment;
            Vault = vaultResource;
            SignIn = signIn;
            Tenant = tenant;
            Account = account;
        }

        internal BackupClient Client { get; }
        public VaultId VaultId { get; }
        public BackupVault Vault { get; }
        public string Environment { get; }
        public string SubscriptionId => VaultId.SubscriptionId;
        public string ResourceGroupName => VaultId.ResourceGroupName;
        public string VaultName => VaultId.Name;
        public Uri ResourceManagerUrl => Client.Endpoint;
        public string ApiVersion => Client.ApiVersion;

        /// <summary>How the session signed in (Default, ManagedIdentity, ServicePrincipalSecret, ...). Never a secret.</summary>
        public string SignIn { get; }
        public string Tenant { get; }

        /// <summary>The service principal's or user-assigned identity's client id (or resource id), where one was named.</summary>
        public string Account { get; }
    }

    /// <summary>
    /// The current context, one per runspace: parallel runspaces in one process (ForEach-Object
    /// -Parallel, thread jobs) each connect to their own vault without disturbing the others.
    /// Readable only on a pipeline thread: a pool thread has no runspace, and guessing one there
    /// is how "not connected" once appeared right after Connect-BackupVault.
    /// </summary>
    internal static class BackupSession
    {
        sealed class Slot { public BackupContext Context; }

        static readonly ConditionalWeakTable<Runspace, Slot> PerRunspace = new ConditionalWeakTable<Runspace, Slot>();

        static Slot Current_ => Runspace.DefaultRunspace is Runspace rs
            ? PerRunspace.GetValue(rs, _ => new Slot())
            : throw new InvalidOperationException("BackupCmdlets: the connection was read off the pipeline thread. This is a bug in the module; please report it.");

        public static BackupContext Current
        {
            get => Current_.Context;
            set => Current_.Context = value;
        }
    }
}
