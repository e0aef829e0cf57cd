namespace BackupCmdlets.Benchmarks.Harness;

/// <summary>Where the repository, the packaged module, the emulator build and the harness's scripts are.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string ModuleManifest => Path.Combine(Root, "out", "BackupCmdlets", "BackupCmdlets.psd1");

    /// <summary>The emulator as built beside this harness (a project reference copies it with its runtimeconfig).</summary>
    public static string EmulatorDll => Path.Combine(AppContext.BaseDirectory, "BackupCmdlets.Emulator.dll");

    public static string Script(string name) => Path.Combine(Root, "tests", "BackupCmdlets.Benchmarks", "Scripts", name);

    public const string Subscription = "00000000-0000-0000-0000-000000000000";
    public const string ResourceGroup = "SQLServerSelfHost";
    public const string Vault = "SQLServer2012";
    public static string VaultId => $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.RecoveryServices/vaults/{Vault}";

    /// <summary>The module is packaged by build.ps1 (out/BackupCmdlets); done here once if it is missing.</summary>
    public static async Task EnsurePackagedAsync()
    {
        if (File.Exists(ModuleManifest)) return;
        Console.WriteLine("No packaged module in out/BackupCmdlets: running build.ps1 -Task Package.");
        var (code, _, err) = await Pwsh.RunRawAsync(["-NoProfile", "-File", Path.Combine(Root, "build.ps1"), "-Task", "Package"], TimeSpan.FromMinutes(10));
        if (code != 0) throw new InvalidOperationException($"build.ps1 -Task Package failed ({code}): {err}");
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BackupCmdlets.sln"))) return dir.FullName;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BackupCmdlets.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run the harness from inside the repository (no BackupCmdlets.sln found above it).");
    }
}
