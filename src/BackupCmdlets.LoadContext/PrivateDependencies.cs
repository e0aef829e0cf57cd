using System.Collections.Generic;
using System.Reflection;

namespace BackupCmdlets.LoadContext
{
    /// <summary>
    /// What the cmdlet assembly calls: nothing here names AssemblyLoadContext, so BackupCmdlets.dll compiles and
    /// loads without it (Windows PowerShell calls none of this).
    /// </summary>
    public static class PrivateDependencies
    {
        /// <summary>Loads <paramref name="referencedNames"/> and their dependencies from <paramref name="directory"/>, privately unless <paramref name="isolate"/> is false.</summary>
        public static void Register(string directory, bool isolate, IEnumerable<string> referencedNames) =>
            DependencyLoadContext.Register(directory, isolate, referencedNames);

        public static void Unregister() => DependencyLoadContext.Unregister();

        /// <summary>Whether <paramref name="assembly"/> was loaded in the module's private context.</summary>
        public static bool IsPrivate(Assembly assembly) => DependencyLoadContext.IsPrivate(assembly);
    }
}
