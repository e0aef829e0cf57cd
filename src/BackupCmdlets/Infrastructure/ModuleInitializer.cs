using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BackupCmdlets.LoadContext;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>
    /// Where the client and its dependencies (Azure.Core, Azure.Identity, MSAL, ...) come from. The packaged
    /// module keeps them in a folder of their own, <c>dependencies/</c>, so that PowerShell never finds them by
    /// itself: on PowerShell 7 they load in a private load context (BackupCmdlets.LoadContext.dll), beside
    /// whatever versions Az.Accounts or Microsoft.Graph put in the default one; on Windows PowerShell 5.1, which
    /// has no load contexts, an AssemblyResolve hook loads them from that folder (see docs/beside-az.md).
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        /// <summary>The folder, beside BackupCmdlets.dll, that holds the client and every dependency.</summary>
        public const string DependencyFolderName = "dependencies";

        /// <summary>Set to 1 at import to load the dependencies into the default context, as before isolation: a diagnostic.</summary>
        public const string NoIsolationVariable = "BACKUPCMDLETS_NO_ISOLATION";

        internal static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? "";

        internal static readonly string DependencyDirectory = Path.Combine(ModuleDirectory, DependencyFolderName);

        /// <summary>Whether this import put the client in the private load context (PowerShell 7, isolation on).</summary>
        internal static bool Isolated { get; private set; }

        public void OnImport()
        {
            if (IsNetFramework) AppDomain.CurrentDomain.AssemblyResolve += OnFrameworkResolve;
            else RegisterCore(Environment.GetEnvironmentVariable(NoIsolationVariable) != "1");
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (IsNetFramework) AppDomain.CurrentDomain.AssemblyResolve -= OnFrameworkResolve;
            else UnregisterCore();
        }

        static bool IsNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        // Separate methods, never inlined: Windows PowerShell has no AssemblyLoadContext, and must never JIT code
        // that names BackupCmdlets.LoadContext (whose one type derives from it).
        [MethodImpl(MethodImplOptions.NoInlining)]
        static void RegisterCore(bool isolate)
        {
            // At the module root, beside this assembly, where no resolver of PowerShell's looks: load it by path first.
            var loader = Path.Combine(ModuleDirectory, "BackupCmdlets.LoadContext.dll");
            if (File.Exists(loader)) Assembly.LoadFrom(loader);
            var referenced = typeof(ModuleInitializer).Assembly.GetReferencedAssemblies().Select(n => n.Name);
            PrivateDependencies.Register(DependencyDirectory, isolate, referenced);
            Isolated = isolate;
            // Nothing of the client loads here: its type names are added when the first cmdlet runs (ClientTypeNames.Ensure),
            // which keeps Import-Module close to the cost of any binary module.
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        static void UnregisterCore()
        {
            PrivateDependencies.Unregister();
            ClientTypeNames.Remove();
            Isolated = false;
        }

        /// <summary>
        /// Windows PowerShell 5.1: any shipped assembly, whatever version was asked for (there are no binding
        /// redirects for the netstandard dependencies). Scoped to our folder: a name we do not ship is left alone.
        /// </summary>
        static Assembly OnFrameworkResolve(object sender, ResolveEventArgs args)
        {
            var path = ShippedPath(DependencyDirectory, new AssemblyName(args.Name));
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
