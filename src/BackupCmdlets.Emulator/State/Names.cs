using BackupCmdlets.Emulator.Seed;

namespace BackupCmdlets.Emulator.State;

/// <summary>Container and item names as the service spells them in the spec's examples and the walkthrough.</summary>
public static class Names
{
    public static string SqlContainer(SeedVirtualMachine vm) => $"VMAppContainer;Compute;{vm.ResourceGroup};{vm.Name}";
    public static string VmContainer(SeedVirtualMachine vm) => $"IaasVMContainer;iaasvmcontainerv2;{vm.ResourceGroup};{vm.Name}";
    public static string VmItem(SeedVirtualMachine vm) => $"VM;iaasvmcontainerv2;{vm.ResourceGroup};{vm.Name}";
    public static string StorageContainer(SeedStorageAccount account) => $"StorageContainer;Storage;{account.ResourceGroup};{account.Name}";
    public static string FileShareItem(string share) => $"azurefileshare;{share.ToLowerInvariant()}";

    /// <summary>A VM item's properties.containerName leaves out the container type: iaasvmcontainerv2;{rg};{vm}.</summary>
    public static string ShortContainer(string container) =>
        container.StartsWith("IaasVMContainer;", StringComparison.OrdinalIgnoreCase) ? container["IaasVMContainer;".Length..] : container;
}
