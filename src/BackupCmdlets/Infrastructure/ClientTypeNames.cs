using System;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using BackupCmdlets.LoadContext;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>
    /// PowerShell 7 resolves a type literal in a script ([BackupCmdlets.Client.Models.BackupJob], a typed
    /// parameter, -is) only among the assemblies of the default load context, and the client is in the module's
    /// private one. A type accelerator under each public client type's full name keeps such scripts working.
    /// (The accelerator table is PowerShell's own, reached as about_Classes shows for exporting classes.)
    /// They are added when the first cmdlet of the module runs, not at import: listing the client's types loads
    /// the client and Azure.Core, which Import-Module should not pay for (docs/beside-az.md).
    /// </summary>
    internal static class ClientTypeNames
    {
        static readonly Type Accelerators = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");
        static readonly object Gate = new object();
        static Assembly added;   // the client whose names are in the table, if any
        static bool checkedOnce; // set once the first cmdlet has looked (cleared by Remove-Module)

        /// <summary>Adds the names if the module is imported with its private context and they are not there yet. Cheap after the first call.</summary>
        public static void Ensure()
        {
            if (Volatile.Read(ref checkedOnce) || !ModuleInitializer.Isolated) return;
            lock (Gate)
            {
                if (checkedOnce) return;
                AddIfPrivate();
                checkedOnce = true;
            }
        }

        /// <summary>Takes the names out again (Remove-Module); the next import adds them at its first cmdlet.</summary>
        public static void Remove()
        {
            lock (Gate)
            {
                checkedOnce = false;
                if (added == null) return;
                var remove = Accelerators?.GetMethod("Remove", new[] { typeof(string) });
                if (remove != null)
                    foreach (var type in PublicTypes(added)) remove.Invoke(null, new object[] { type.FullName });
                added = null;
            }
        }

        static void Add(Assembly client)
        {
            var add = Accelerators?.GetMethod("Add", new[] { typeof(string), typeof(Type) });
            if (add == null) return;
            foreach (var type in PublicTypes(client)) add.Invoke(null, new object[] { type.FullName, type });
            added = client;
        }

        // Never inlined: compiling Ensure must need neither the client nor the load context (Windows PowerShell returns before this).
        [MethodImpl(MethodImplOptions.NoInlining)]
        static void AddIfPrivate()
        {
            var client = typeof(BackupCmdlets.Client.BackupClient).Assembly;
            if (PrivateDependencies.IsPrivate(client)) Add(client);
        }

        static Type[] PublicTypes(Assembly client)
        {
            try { return client.GetExportedTypes(); }
            catch (ReflectionTypeLoadException e) { return e.Types.Where(t => t != null && t.IsPublic).ToArray(); }
        }
    }
}
