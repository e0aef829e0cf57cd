using System.Text.Json;
using BackupCmdlets.Client.Http;
using BackupCmdlets.Client.Ids;

namespace BackupCmdlets.Client.Models
{
    /// <summary>
    /// Base of every resource the service returns. Keeps the JSON it came from, so fields and
    /// discriminator values this version does not know are preserved (see <see cref="ToJson"/>).
    /// </summary>
    public abstract class BackupResource
    {
        readonly JsonElement raw;

        protected BackupResource(JsonElement json)
        {
            raw = json.Clone();
            Id = raw.Str("id");
            Name = raw.Str("name");
            Type = raw.Str("type");
            if (Id != null && ArmResourceId.TryParse(Id, out var parsed))
            {
                ResourceId = parsed;
                VaultId = parsed.Vault;
            }
        }

        /// <summary>The full ARM id; every cmdlet can act on the object from it alone.</summary>
        public string Id { get; }
        public string Name { get; }
        public string Type { get; }

        /// <summary>The vault the resource belongs to (null for resources outside a vault).</summary>
        public VaultId VaultId { get; }
        public string VaultName => VaultId?.Name;

        internal ArmResourceId ResourceId { get; }
        internal JsonElement? Properties => raw.Prop("properties");

        /// <summary>The resource exactly as the service sent it.</summary>
        public string ToJson() => raw.GetRawText();

        public override string ToString() => Name ?? Id ?? GetType().Name;
    }
}
