using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>
    /// On Windows PowerShell 5.1 (.NET Framework) there are no binding redirects for the netstandard
    /// dependencies of Azure.Core (System.Memory, System.Text.Json, ...), so a load of a different
    /// version than the one shipped fails. This resolves any assembly shipped in the module's folder
    /// by its simple name, whatever version was asked for. PowerShell 7 needs none of it.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location);

        public void OnImport()
        {
            if (IsNetFramework) AppDomain.CurrentDomain.AssemblyResolve += OnResolve;
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (IsNetFramework) AppDomain.CurrentDomain.AssemblyResolve -= OnResolve;
        }

        static bool IsNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        static Assembly OnResolve(object sender, ResolveEventArgs args)
        {
            var path = ShippedPath(ModuleDirectory, new AssemblyName(args.Name));
            return path == null ? null : Assembly.LoadFrom(path);
        }

        /// <summary>The module's own copy of <paramref name="name"/>, or null when it does not ship one.</summary>
        internal static string ShippedPath(string directory, AssemblyName name)
        {
            if (string.IsNullOrEmpty(directory) || string.IsNullOrEmpty(name.Name)) return null;
            var candidate = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(candidate) ? candidate : null;
        }
    }
}
