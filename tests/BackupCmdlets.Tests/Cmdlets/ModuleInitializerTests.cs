using System.Reflection;
using BackupCmdlets.Infrastructure;

namespace BackupCmdlets.Tests.CmdletTests;

public class ModuleInitializerTests
{
    [Fact]
    public void A_request_for_any_version_of_a_shipped_assembly_resolves_to_the_shipped_file()
    {
        var dir = Path.GetDirectoryName(typeof(BackupCmdlets.Client.BackupClient).Assembly.Location)!;
        var path = ModuleInitializer.ShippedPath(dir, new AssemblyName("Azure.Core, Version=99.0.0.0, Culture=neutral, PublicKeyToken=92742159e12e44c8"));
        Assert.Equal(Path.Combine(dir, "Azure.Core.dll"), path);
        Assert.Null(ModuleInitializer.ShippedPath(dir, new AssemblyName("Not.Shipped.Anywhere, Version=1.0.0.0")));
    }
}
