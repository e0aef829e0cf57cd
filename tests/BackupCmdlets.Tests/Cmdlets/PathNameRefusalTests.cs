using System.Management.Automation;
using System.Text.RegularExpressions;
using BackupCmdlets.Emulator;
using BackupCmdlets.Tests.Support;
using static BackupCmdlets.Tests.Support.CmdletInputObjects;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// Names that would go into a request path are checked against ARM's rule for their kind before
/// anything is sent: encoded separators ('%2F', '%3F', '%23'), names past their length, and job ids
/// that are not GUIDs. Typed into a real runspace on a live emulator whose request log must not grow.
/// </summary>
public class PathNameRefusalTests(ConnectedVault vault) : IClassFixture<ConnectedVault>
{
    const string Connect = "Connect-BackupVault -SubscriptionId '" + Sub + "' -ResourceGroupName {0} -Name {1} -Environment Emulator -ResourceManagerUrl $url";
    static string ConnectWith(string group = "SQLServerSelfHost", string name = "SQLServer2012") => string.Format(Connect, group, name);

    const string VaultRule = "2-50 letters, digits and hyphens";
    const string GroupRule = "1-90 letters, digits, underscores, hyphens, periods and parentheses";
    const string Guid = "GUID";

    /// <summary>Script, the parameter the error must name, and what it must say of the rule.</summary>
    static readonly Dictionary<string, (string Script, string Parameter, string Rule)> Cases = new()
    {
        ["vault name with an encoded slash"] = (ConnectWith(name: "'OtherVault%2F..%2FSQLServer2012'"), "-Name", VaultRule),
        ["vault name of 200,000 characters"] = (ConnectWith(name: "$huge"), "-Name", "200000 characters"),
        ["vault name of one character"] = (ConnectWith(name: "v"), "-Name", VaultRule),
        ["vault name starting with a digit"] = (ConnectWith(name: "2vault"), "-Name", VaultRule),
        ["vault name of 51 characters"] = (ConnectWith(name: "v" + new string('a', 50)), "-Name", VaultRule),
        ["group with an encoded slash"] = (ConnectWith(group: "'rg%2F..%2Fother'"), "-ResourceGroupName", GroupRule),
        ["group with an encoded question mark"] = (ConnectWith(group: "'rg%3Fx'"), "-ResourceGroupName", GroupRule),
        ["group with an encoded hash"] = (ConnectWith(group: "'rg%23x'"), "-ResourceGroupName", GroupRule),
        ["group ending in a period"] = (ConnectWith(group: "'rg.'"), "-ResourceGroupName", "does not end in a period"),
        ["group of 91 characters"] = (ConnectWith(group: new string('g', 91)), "-ResourceGroupName", GroupRule),
        ["vault id with an encoded slash"] = ("Connect-BackupVault -VaultId '/subscriptions/" + Sub + "/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/a%2F..%2Fb' -Environment Emulator -ResourceManagerUrl $url", "-VaultId", VaultRule),
        ["policy name of 200,000 characters"] = ("Get-BackupPolicy -Name $huge", "-Name", "200000 characters"),
        ["policy name '..'"] = ("Get-BackupPolicy -Name '..'", "-Name", "not '.' or '..'"),
        ["policy name with a control character"] = ("Get-BackupPolicy -Name \"a`tb\"", "-Name", "no control characters"),
        ["policy to protect with, 200,000 characters"] = ("$in | Enable-BackupProtection -PolicyName $huge", "-PolicyName", "200000 characters"),
        ["job id that is not a GUID"] = ("Get-BackupJob -JobId 'not-a-guid'", "-JobId", Guid),
        ["job to stop that is not a GUID"] = ("Stop-BackupJob -JobId 'not-a-guid'", "-JobId", Guid),
        ["container name '.'"] = ("Get-BackupContainer -Name '.'", "-Name", "not '.' or '..'"),
        ["container to inquire of 1025 characters"] = ("Invoke-BackupContainerInquiry -Name ('c' * 1025)", "-Name", "1-1024 characters"),
        ["recovery point '..'"] = ("$item | Get-BackupRecoveryPoint -Id '..'", "-Id", "not '.' or '..'"),
    };

    public static IEnumerable<object[]> Names() => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Names))]
    public void Refused_naming_the_parameter_and_the_rule_before_any_request(string name)
    {
        var (script, parameter, rule) = Cases[name];
        var before = vault.Emulator.Log.Count;

        var caught = vault.Ps.Caught(script, ("url", vault.Emulator.BaseUri), ("huge", new string('v', 200_000)),
            ("in", new object[] { ProtectableItemIn(Here) }), ("item", new object[] { ItemIn(Here) }));

        var error = caught.Error ?? Assert.Single(caught.Run.Errors);
        Assert.Empty(caught.Run.Output);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Matches("^" + Regex.Escape(parameter) + "[ :]", error.Exception.Message);
        Assert.Contains(rule, error.Exception.Message);
        Assert.True(error.Exception.Message.Length < 600, $"a {error.Exception.Message.Length}-character message");
        Assert.Equal(before, vault.Emulator.Log.Count);
    }

    [Fact]
    public void The_connection_the_refusals_left_alone_still_works()
    {
        // A refused Connect-BackupVault must not have replaced or dropped the connection.
        Refused_naming_the_parameter_and_the_rule_before_any_request("vault name with an encoded slash");
        var policies = vault.Ps.Run("Get-BackupPolicy").AssertNoErrors();
        Assert.NotEmpty(policies.Output);
    }
}
