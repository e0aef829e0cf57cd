using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>
    /// PowerShell 7: a private load context for the client and its dependencies, so the module's Azure.Core,
    /// Azure.Identity and MSAL live beside other versions of them in the default context (Az.Accounts,
    /// Microsoft.Graph). The cmdlet assembly, in the default context, references no Azure.* assembly; the
    /// default context's Resolving event hands it the client from here (it is not on any path PowerShell probes).
    /// An assembly the runtime itself has at the same or a higher version (System.Text.Json, System.Memory, ...)
    /// is taken from the runtime, so the types the cmdlets and the client share are one and the same.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        static readonly object Gate = new object();
        static DependencyLoadContext instance;          // one per process: an import after Remove-Module reuses it
        static Func<AssemblyLoadContext, AssemblyName, Assembly> handler;
        static Dictionary<string, string> platformAssemblies;

        readonly string directory;

        DependencyLoadContext(string directory) { this.directory = directory; }

        /// <summary>Hooks the default context's Resolving event; with <paramref name="isolate"/> false, loads there instead (a diagnostic).</summary>
        public static void Register(string directory, bool isolate)
        {
            lock (Gate)
            {
                if (handler != null) return;
                if (isolate)
                {
                    // Only the names the cmdlet assembly itself references: the client, and what both share.
                    var referenced = new HashSet<string>(typeof(DependencyLoadContext).Assembly.GetReferencedAssemblies().Select(n => n.Name), StringComparer.OrdinalIgnoreCase);
                    handler = (_, name) => referenced.Contains(name.Name) ? Private(directory).LoadFor(name) : null;
                }
                else
                {
                    handler = (context, name) =>
                    {
                        var path = ModuleInitializer.ShippedPath(directory, name);
                        return path == null ? null : context.LoadFromAssemblyPath(path);
                    };
                }
                Default.Resolving += handler;
                if (isolate && GetLoadContext(Client) != Default) ClientTypeNames.Add(Client);
            }
        }

        /// <summary>The client assembly: in the private context once the handler above is in place (in the default one where a host references it).</summary>
        static Assembly Client
        {
            // Never inlined into Register: compiling that must not need the client before the handler is in place.
            [MethodImpl(MethodImplOptions.NoInlining)]
            get => typeof(BackupCmdlets.Client.BackupClient).Assembly;
        }

        public static void Unregister()
        {
            lock (Gate)
            {
                if (handler == null) return;
                Default.Resolving -= handler;
                handler = null;
                if (instance != null && GetLoadContext(Client) == instance) ClientTypeNames.Remove(Client);
            }
        }

        static DependencyLoadContext Private(string directory)
        {
            lock (Gate) return instance ?? (instance = new DependencyLoadContext(directory));
        }

        /// <summary>For the default context: our copy, loaded here, unless the runtime serves the name itself.</summary>
        Assembly LoadFor(AssemblyName name) =>
            ModuleInitializer.ShippedPath(directory, name) == null || RuntimeServes(name) ? null : LoadFromAssemblyName(name);

        protected override Assembly Load(AssemblyName name)
        {
            var path = ModuleInitializer.ShippedPath(directory, name);
            // null: the default context loads it (the runtime's copy).
            return path == null || RuntimeServes(name) ? null : LoadFromAssemblyPath(path);
        }

        /// <summary>The runtime has <paramref name="name"/> on its trusted platform list, at the version asked for or later.</summary>
        static bool RuntimeServes(AssemblyName name)
        {
            var platform = PlatformAssemblies();
            if (!platform.TryGetValue(name.Name, out var path)) return false;
            try { return name.Version == null || AssemblyName.GetAssemblyName(path).Version >= name.Version; }
            catch (Exception e) when (e is IOException || e is BadImageFormatException || e is UnauthorizedAccessException) { return false; }
        }

        static Dictionary<string, string> PlatformAssemblies()
        {
            lock (Gate)
            {
                if (platformAssemblies != null) return platformAssemblies;
                var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
                var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var path in list.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
                    map[Path.GetFileNameWithoutExtension(path)] = path;
                return platformAssemblies = map;
            }
        }
    }
}
