using System;
using System.Collections.Generic;
using System.Linq;

namespace BackupCmdlets.Client.Ids
{
    /// <summary>
    /// An ARM resource id, parsed without regard to case: <c>/Subscriptions/..</c> and
    /// <c>microsoft.recoveryservices</c> are the same as their canonical spellings.
    /// </summary>
    public sealed class ArmResourceId : IEquatable<ArmResourceId>
    {
        readonly string[] segments;

        ArmResourceId(string text, string[] segments)
        {
            Text = text;
            this.segments = segments;
        }

        /// <summary>The id as given.</summary>
        public string Text { get; }

        public string SubscriptionId => Get("subscriptions");
        public string ResourceGroupName => Get("resourceGroups");

        /// <summary>The value that follows <paramref name="key"/> in the id (first match, any case), or null.</summary>
        public string Get(string key)
        {
            for (var i = 0; i + 1 < segments.Length; i += 1)
                if (string.Equals(segments[i], key, StringComparison.OrdinalIgnoreCase))
                    return segments[i + 1];
            return null;
        }

        /// <summary>The last segment: the resource's own name.</summary>
        public string Name => segments[segments.Length - 1];

        /// <summary>The vault this id (as the service returned it) lies in, or null when it is not under a Recovery Services vault.</summary>
        public VaultId Vault
        {
            get
            {
                if (!IsVaultPath(this, out var sub, out var rg, out var name)) return null;
                try { return new VaultId(sub, rg, name, strict: false); }
                catch (ArgumentException) { return null; }
            }
        }

        internal static bool IsVaultPath(ArmResourceId id, out string subscriptionId, out string resourceGroupName, out string vaultName)
        {
            subscriptionId = id.SubscriptionId;
            resourceGroupName = id.ResourceGroupName;
            vaultName = null;
            var idx = Array.FindIndex(id.segments, s => string.Equals(s, "vaults", StringComparison.OrdinalIgnoreCase));
            if (subscriptionId == null || resourceGroupName == null || idx < 1 || idx + 1 >= id.segments.Length) return false;
            if (!string.Equals(id.segments[idx - 1], "Microsoft.RecoveryServices", StringComparison.OrdinalIgnoreCase)) return false;
            vaultName = id.segments[idx + 1];
            return true;
        }

        public static bool TryParse(string text, out ArmResourceId id)
        {
            id = null;
            if (string.IsNullOrWhiteSpace(text) || !text.StartsWith("/", StringComparison.Ordinal)) return false;
            var trimmed = text.Trim(); // the same string when there is nothing to trim, as there rarely is
            var end = trimmed.Length;
            while (end > 0 && trimmed[end - 1] == '/') end--;
            if (end < 2) return false;
            // The segments between the leading '/' and the last non-'/' character; none may be empty.
            var count = 1;
            for (var i = 1; i < end; i++)
                if (trimmed[i] == '/') count++;
            if (count < 2) return false;
            var parts = new string[count];
            for (int i = 1, start = 1, k = 0; i <= end; i++)
            {
                if (i < end && trimmed[i] != '/') continue;
                if (i == start) return false;
                parts[k++] = trimmed.Substring(start, i - start);
                start = i + 1;
            }
            if (!string.Equals(parts[0], "subscriptions", StringComparison.OrdinalIgnoreCase)) return false;
            id = new ArmResourceId(trimmed, parts);
            return true;
        }

        public static ArmResourceId Parse(string text) =>
            TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not an Azure resource id (it must start with /subscriptions/).");

        /// <summary>The segments after the vault: <c>backupFabrics/Azure/protectionContainers/X</c>.</summary>
        public IReadOnlyList<string> SegmentsAfterVault()
        {
            var idx = Array.FindIndex(segments, s => string.Equals(s, "vaults", StringComparison.OrdinalIgnoreCase));
            return idx < 0 ? Array.Empty<string>() : segments.Skip(idx + 2).ToArray();
        }

        public bool Equals(ArmResourceId other) =>
            other != null && segments.Length == other.segments.Length &&
            segments.Zip(other.segments, (a, b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase)).All(x => x);

        public override bool Equals(object obj) => Equals(obj as ArmResourceId);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(string.Join("/", segments));

        public override string ToString() => Text;
    }
}
