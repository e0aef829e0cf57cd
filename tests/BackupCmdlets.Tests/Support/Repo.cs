namespace BackupCmdlets.Tests.Support;

/// <summary>Files of the repository the tests run from (module folder, docs).</summary>
internal static class Repo
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !System.IO.File.Exists(Path.Combine(dir.FullName, "BackupCmdlets.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("The tests do not run inside the repository.");
        }
    }

    public static string File(params string[] parts) => Path.Combine(new[] { Root }.Concat(parts).ToArray());
}
