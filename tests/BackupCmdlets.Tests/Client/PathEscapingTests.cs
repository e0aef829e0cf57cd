using System.Text.Json.Nodes;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Emulator.State;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.ClientTests;

/// <summary>
/// Every name in a request path goes through one escaping (ArmPath): odd but valid names reach the
/// emulator exactly as given and come back, and '%' is escaped so a name can never become another path.
/// </summary>
public class PathEscapingTests
{
    public static IEnumerable<object[]> OddPolicyNames() => new[]
    {
        "Nightly SQL policy", "Politique été ünïcode", "日本語のポリシー", "semi;colon;policy", "a+b=c&d", "brackets (1) [2] {3}",
        "100%2F..%2FOtherPolicy", "percent%25twice", "tilde~and'quote",
    }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(OddPolicyNames))]
    public async Task An_odd_but_valid_policy_name_round_trips_to_the_emulator_and_back(string name)
    {
        await using var emulator = await TestEmulator.StartAsync();
        var vault = emulator.State.Vaults.Single();
        lock (emulator.State.Sync)
            vault.Policies[name] = new PolicyRecord { Name = name, Properties = JsonNode.Parse("""{"backupManagementType":"AzureWorkload","workLoadType":"SQLDataBase"}""")!.AsObject() };

        var policy = await TestEmulator.Client(emulator).GetPolicyAsync(TestEmulator.VaultId, name);

        Assert.Equal(name, policy.Name);
        Assert.EndsWith("/backupPolicies/" + name, emulator.Log.Entries.Last().Path); // the emulator decoded exactly what was given
    }

    [Theory]
    [InlineData("VMAppContainer;Compute;my group;vm é 1")]
    [InlineData("StorageContainer;Storage;rg;acct%2F..%2Fx")]
    public async Task A_container_name_with_semicolons_spaces_and_unicode_reaches_the_emulator_whole(string container)
    {
        await using var emulator = await TestEmulator.StartAsync();
        var e = await Assert.ThrowsAsync<BackupServiceException>(() => TestEmulator.Client(emulator).GetContainerAsync(TestEmulator.VaultId, container));

        Assert.Equal(404, e.Status); // looked up under its own name, not routed anywhere else
        var path = emulator.Log.Entries.Last().Path;
        Assert.EndsWith("/backupFabrics/Azure/protectionContainers/" + container, path);
        Assert.StartsWith(TestEmulator.VaultId.Id, path);
    }

    [Fact]
    public void Escaping_is_per_segment_keeps_semicolons_and_escapes_percent()
    {
        var vault = new VaultId(TestEmulator.Subscription, "my(rg).x_1", "Vault-1");
        Assert.Equal($"/subscriptions/{TestEmulator.Subscription}/resourceGroups/my%28rg%29.x_1/providers/Microsoft.RecoveryServices/vaults/Vault-1/backupPolicies/a%252F..%252Fb%20c;d",
            vault.PathOf("backupPolicies", "a%2F..%2Fb c;d"));
        Assert.Equal("%C3%A9%2F%3F%23", ArmPath.Segment("é/?#"));
    }

    [Theory]
    [InlineData(ArmNameKind.Vault, "OtherVault%2F..%2FSQLServer2012")]
    [InlineData(ArmNameKind.Vault, "v")]
    [InlineData(ArmNameKind.Vault, "1vault")]
    [InlineData(ArmNameKind.Vault, "vault-")]
    [InlineData(ArmNameKind.ResourceGroup, "rg%2F..")]
    [InlineData(ArmNameKind.ResourceGroup, "rg%3Fx")]
    [InlineData(ArmNameKind.ResourceGroup, "rg%23x")]
    [InlineData(ArmNameKind.ResourceGroup, "ends-in-a-period.")]
    [InlineData(ArmNameKind.SubscriptionId, "not-a-guid")]
    [InlineData(ArmNameKind.Job, "not-a-guid")]
    [InlineData(ArmNameKind.Policy, "..")]
    [InlineData(ArmNameKind.Policy, "a/b")]
    [InlineData(ArmNameKind.Container, "a\u0000b")]
    [InlineData(ArmNameKind.ProtectedItem, "tab\there")]
    public void Invalid_names_are_refused_with_the_parameter_and_the_rule(ArmNameKind kind, string value)
    {
        var e = Assert.Throws<ArgumentException>(() => ArmNames.Check(kind, value, "-Param"));
        Assert.Equal("Param", e.ParamName);
        Assert.StartsWith("-Param ", e.Message);
        Assert.Contains(ArmNames.RuleOf(kind), e.Message);
    }

    [Fact]
    public void Names_at_the_bounds_pass_and_one_past_them_fail()
    {
        Assert.NotNull(ArmNames.Check(ArmNameKind.Vault, "v1", "v"));
        Assert.NotNull(ArmNames.Check(ArmNameKind.Vault, "v" + new string('a', 49), "v"));
        Assert.Throws<ArgumentException>(() => ArmNames.Check(ArmNameKind.Vault, "v" + new string('a', 50), "v"));
        Assert.NotNull(ArmNames.Check(ArmNameKind.ResourceGroup, new string('r', 90), "g"));
        Assert.NotNull(ArmNames.Check(ArmNameKind.ResourceGroup, "Gruppe-für_(test).1", "g"));
        Assert.Throws<ArgumentException>(() => ArmNames.Check(ArmNameKind.ResourceGroup, new string('r', 91), "g"));
        Assert.NotNull(ArmNames.Check(ArmNameKind.Policy, new string('p', 1024), "p"));
        Assert.Throws<ArgumentException>(() => ArmNames.Check(ArmNameKind.Policy, new string('p', 1025), "p"));
    }

    [Fact]
    public void A_huge_name_is_refused_with_a_short_message()
    {
        var huge = new string('x', 200_000);
        var e = Assert.Throws<ArgumentException>(() => ArmNames.Check(ArmNameKind.Policy, huge, "-Name"));
        Assert.Contains("200000 characters", e.Message);
        Assert.True(e.Message.Length < 500, $"{e.Message.Length} characters");
    }

    [Fact]
    public async Task The_client_refuses_bad_names_itself_before_sending()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var client = TestEmulator.Client(emulator);
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetJobAsync(TestEmulator.VaultId, "not-a-guid"));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetPolicyAsync(TestEmulator.VaultId, new string('p', 200_000)));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetProtectedItemAsync(TestEmulator.VaultId, "VMAppContainer;Compute;a;b", ".."));
        Assert.Throws<ArgumentException>(() => new VaultId(TestEmulator.Subscription, "rg", "OtherVault%2F..%2FSQLServer2012"));
        Assert.Throws<FormatException>(() => VaultId.Parse($"/subscriptions/{TestEmulator.Subscription}/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/a%2F..%2Fb"));
        Assert.Equal(0, emulator.Log.Count);
    }
}
