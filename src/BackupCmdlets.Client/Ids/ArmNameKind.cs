namespace BackupCmdlets.Client.Ids
{
    /// <summary>The kinds of name that go into a request path; each has its own rule in <see cref="ArmNames"/>.</summary>
    public enum ArmNameKind
    {
        SubscriptionId,
        ResourceGroup,
        Vault,
        Fabric,
        Container,
        ProtectedItem,
        Policy,
        Job,
        RecoveryPoint,
        ProtectionIntent,
    }
}
