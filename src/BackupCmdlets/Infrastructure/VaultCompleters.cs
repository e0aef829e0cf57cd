using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Cmdlets;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>
    /// Tab completion from the connected vault. Not connected: nothing at once, no request, no error. Connected: the
    /// names are listed once and kept briefly per connection, so pressing Tab again is instant; a slow or failing
    /// vault gives no completion rather than an error or a hang.
    /// </summary>
    public abstract class VaultCompleter : IArgumentCompleter
    {
        internal static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);
        static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

        sealed class Entry
        {
            public DateTime At;
            public (string Name, string Tip)[] Names;
        }

        static readonly ConditionalWeakTable<BackupContext, ConcurrentDictionary<string, Entry>> Cache = new ConditionalWeakTable<BackupContext, ConcurrentDictionary<string, Entry>>();

        /// <summary>The candidates and a tooltip for each, listed from the vault.</summary>
        internal abstract Task<IEnumerable<(string Name, string Tip)>> NamesAsync(BackupClient client, VaultId vault, IDictionary bound, CancellationToken cancel);

        /// <summary>What the list depends on besides the connection (a management type the user already typed).</summary>
        internal virtual string Key(IDictionary bound) => "";

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var context = Runspace.DefaultRunspace == null ? null : BackupSession.Current;
                if (context == null) return Array.Empty<CompletionResult>();
                var names = Names(context, fakeBoundParameters ?? new Hashtable());
                var word = (wordToComplete ?? "").Trim('\'', '"');
                var pattern = new WildcardPattern(WildcardPattern.Escape(word) + "*", WildcardOptions.IgnoreCase);
                return names.Where(n => pattern.IsMatch(n.Name))
                    .OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
                    .Select(n => new CompletionResult(Quote(n.Name), n.Name, CompletionResultType.ParameterValue, string.IsNullOrEmpty(n.Tip) ? n.Name : n.Tip))
                    .ToList();
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>(); // completion never raises: Tab with a broken connection just completes nothing
            }
        }

        (string Name, string Tip)[] Names(BackupContext context, IDictionary bound)
        {
            var entries = Cache.GetValue(context, _ => new ConcurrentDictionary<string, Entry>(StringComparer.OrdinalIgnoreCase));
            var key = GetType().Name + "|" + Key(bound);
            if (entries.TryGetValue(key, out var cached) && DateTime.UtcNow - cached.At < Fresh) return cached.Names;
            using (var cancel = new CancellationTokenSource(Budget))
            {
                var client = context.Client;
                var vault = context.VaultId;
                var names = Task.Run(() => NamesAsync(client, vault, bound, cancel.Token)).GetAwaiter().GetResult()
                    .Where(n => !string.IsNullOrEmpty(n.Name))
                    .GroupBy(n => n.Name, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToArray();
                // An empty list is cheap to ask again and likely to change soon (nothing protected yet): not kept.
                if (names.Length > 0) entries[key] = new Entry { At = DateTime.UtcNow, Names = names };
                return names;
            }
        }

        static string Quote(string name) =>
            name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ';', '(', ')', '{', '}', ',', '&', '|', '@', '#', '<', '>' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;

        internal static string Bound(IDictionary bound, string name) => bound.Contains(name) ? bound[name]?.ToString() : null;

        internal static async Task<List<T>> All<T>(IAsyncEnumerable<T> items, CancellationToken cancel)
        {
            var list = new List<T>();
            var e = items.GetAsyncEnumerator(cancel);
            try { while (await e.MoveNextAsync().ConfigureAwait(false)) list.Add(e.Current); }
            finally { await e.DisposeAsync().ConfigureAwait(false); }
            return list;
        }

        /// <summary>Lists of each management type (the one typed, or every one), those that fail left out.</summary>
        internal static async Task<IEnumerable<T>> OfTypes<T>(IDictionary bound, Func<string, IAsyncEnumerable<T>> list, CancellationToken cancel)
        {
            var typed = Bound(bound, "BackupManagementType");
            var types = typed != null ? new[] { typed } : Inputs.BackupManagementTypes;
            var lists = await Task.WhenAll(types.Select(async t =>
            {
                try { return await All(list(t), cancel).ConfigureAwait(false); }
                catch (Exception) { return new List<T>(); }
            })).ConfigureAwait(false);
            return lists.SelectMany(l => l);
        }
    }

    /// <summary>
    /// Connect-BackupVault -ResourceGroupName: the resource groups of the subscription typed (or of the connected
    /// vault's), listed through the current connection. Before any connection there is no credential to ask with.
    /// </summary>
    public sealed class ResourceGroupCompleter : VaultCompleter
    {
        internal override string Key(IDictionary bound) => Bound(bound, "SubscriptionId") ?? "";
        internal override async Task<IEnumerable<(string, string)>> NamesAsync(BackupClient client, VaultId vault, IDictionary bound, CancellationToken cancel) =>
            (await All(client.ListResourceGroupNamesAsync(Bound(bound, "SubscriptionId") ?? vault.SubscriptionId, cancel), cancel).ConfigureAwait(false))
                .Select(name => (name, name));
    }

    /// <summary>Connect-BackupVault -Name: the vaults of the subscription (in the resource group typed, if any).</summary>
    public sealed class VaultNameCompleter : VaultCompleter
    {
        internal override string Key(IDictionary bound) => (Bound(bound, "SubscriptionId") ?? "") + "|" + (Bound(bound, "ResourceGroupName") ?? "");
        internal override async Task<IEnumerable<(string, string)>> NamesAsync(BackupClient client, VaultId vault, IDictionary bound, CancellationToken cancel) =>
            (await All(client.ListVaultsAsync(Bound(bound, "SubscriptionId") ?? vault.SubscriptionId, Bound(bound, "ResourceGroupName"), cancel), cancel).ConfigureAwait(false))
                .Select(v => (v.Name, $"{v.Name} ({v.ResourceGroupName}, {v.Location})"));
    }

    /// <summary>Policy names: -PolicyName, Get-BackupPolicy -Name.</summary>
    public sealed class PolicyNameCompleter : VaultCompleter
    {
        internal override async Task<IEnumerable<(string, string)>> NamesAsync(BackupClient client, VaultId vault, IDictionary bound, CancellationToken cancel) =>
            (await All(client.ListPoliciesAsync(vault, null, cancel), cancel).ConfigureAwait(false))
                .Select(p => (p.Name, $"{p.Name} ({p.Workload}): {p.Schedule}; kept {p.Retention}"));
    }

    /// <summary>Registered containers by friendly name.</summary>
    public sealed class ContainerFriendlyNameCompleter : VaultCompleter
    {
        internal override string Key(IDictionary bound) => Bound(bound, "BackupManagementType") ?? "";
        internal override async Task<IEnumerable<(string, string)>> NamesAsync(BackupClient client, VaultId vault, IDictionary bound, CancellationToken cancel) =>
            (await OfTypes(bound, t => client.ListContainersAsync(vault, t, cancel), cancel).ConfigureAwait(false)).Select(c => (c.FriendlyName, c.Name));
    }

    /// <summary>Registered containers by their name in the vault (Get-BackupContainer -Name).</summary>
    public sealed class ContainerNameCompleter : VaultCompleter
    {
        internal override async Task<IEnumerable<(string, string)>> NamesAsync(BackupClient client, VaultId vault, IDictionary bound, CancellationToken cancel) =>
            (await OfTypes(bound, t => client.ListContainersAsync(vault, t, cancel), cancel).ConfigureAwait(false)).Select(c => (c.Name, c.FriendlyName));
    }

    /// <summary>Containers that can be registered, by friendly name.</summary>
    public sealed class ProtectableContainerNameCompleter : VaultCompleter
    {
        internal override string Key(IDictionary bound) => Bound(bound, "BackupManagementType") ?? "";
        internal override async Task<IEnumerable<(string, string)>> NamesAsync(BackupClient client, VaultId vault, IDictionary bound, CancellationToken cancel) =>
            (await OfTypes(bound, t => client.ListProtectableContainersAsync(vault, t, "Azure", cancel), cancel).ConfigureAwait(false)).Select(c => (c.FriendlyName, c.Name));
    }

    /// <summary>Items that can be protected (databases, VMs, file shares), by friendly name.</summary>
    public sealed class ProtectableItemNameCompleter : VaultCompleter
    {
        internal override string Key(IDictionary bound) => Bound(bound, "BackupManagementType") ?? "";
        internal override async Task<IEnumerable<(string, string)>> NamesAsync(BackupClient client, VaultId vault, IDictionary bound, CancellationToken cancel) =>
            (await OfTypes(bound, t => client.ListProtectableItemsAsync(vault, t, null, cancel), cancel).ConfigureAwait(false))
                .Select(i => (i.FriendlyName, $"{i.FriendlyName} ({i.ProtectableItemType} on {i.HostName})"));
    }

    /// <summary>Protected items, by friendly name.</summary>
    public sealed class ProtectedItemNameCompleter : VaultCompleter
    {
        internal override string Key(IDictionary bound) => Bound(bound, "BackupManagementType") ?? "";
        internal override async Task<IEnumerable<(string, string)>> NamesAsync(BackupClient client, VaultId vault, IDictionary bound, CancellationToken cancel) =>
            (await OfTypes(bound, t => client.ListProtectedItemsAsync(vault, t, null, cancel), cancel).ConfigureAwait(false))
                .Select(i => (i.FriendlyName, $"{i.FriendlyName} ({i.WorkloadType} on {i.HostName}, policy {i.PolicyName})"));
    }

    /// <summary>Servers (VMs) holding SQL databases: what -ServerName matches, from the protectable items (Get-BackupProtectableItem) or the protected ones.</summary>
    public sealed class ServerNameCompleter : VaultCompleter
    {
        internal override async Task<IEnumerable<(string, string)>> NamesAsync(BackupClient client, VaultId vault, IDictionary bound, CancellationToken cancel)
        {
            var items = await All(client.ListProtectableItemsAsync(vault, "AzureWorkload", null, cancel), cancel).ConfigureAwait(false);
            var protectedItems = await All(client.ListProtectedItemsAsync(vault, "AzureWorkload", null, cancel), cancel).ConfigureAwait(false);
            return items.Select(i => ServerNames.Of(i.ServerName, i.ContainerName).Last())
                .Concat(protectedItems.Select(i => ServerNames.Of(i.ServerName, i.ContainerName).Last()))
                .Select(n => (n, n));
        }
    }

    /// <summary>Job ids, newest first in the tooltip: operation, status, item and start.</summary>
    public sealed class JobIdCompleter : VaultCompleter
    {
        internal override async Task<IEnumerable<(string, string)>> NamesAsync(BackupClient client, VaultId vault, IDictionary bound, CancellationToken cancel) =>
            (await All(client.ListJobsAsync(vault, cancellationToken: cancel), cancel).ConfigureAwait(false))
                .Select(j => (j.JobId, $"{j.Operation} {j.Status} {j.EntityFriendlyName} {Client.Models.Friendly.Time(j.StartTime)}"));
    }
}
