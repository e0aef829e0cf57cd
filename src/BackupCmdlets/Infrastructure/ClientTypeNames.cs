using System;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>
    /// PowerShell 7 resolves a type literal in a script ([BackupCmdlets.Client.Models.BackupJob], a typed
    /// parameter, -is) only among the assemblies of the default load context, and the client is in the module's
    /// private one. A type accelerator under each public client type's full name keeps such scripts working.
    /// (The accelerator table is PowerShell's own, reached as about_Classes shows for exporting classes.)
    /// </summary>
    internal static class ClientTypeNames
    {
        static readonly Type Accelerators = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");

        public static void Add(Assembly client)
        {
            var add = Accelerators?.GetMethod("Add", new[] { typeof(string), typeof(Type) });
            if (add == null) return;
            foreach (var type in PublicTypes(client)) add.Invoke(null, new object[] { type.FullName, type });
        }

        public static void Remove(Assembly client)
        {
            var remove = Accelerators?.GetMethod("Remove", new[] { typeof(string) });
            if (remove == null) return;
            foreach (var type in PublicTypes(client)) remove.Invoke(null, new object[] { type.FullName });
        }

        static Type[] PublicTypes(Assembly client)
        {
            try { return client.GetExportedTypes(); }
            catch (ReflectionTypeLoadException e) { return e.Types.Where(t => t != null && t.IsPublic).ToArray(); }
        }
    }
}
