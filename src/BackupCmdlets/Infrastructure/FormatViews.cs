using System;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>
    /// The module's table and list views (BackupCmdlets.format.ps1xml) are loaded by the first cmdlet of the module that
    /// runs in a runspace, not by Import-Module: PowerShell rebuilds the whole format database (its own views too) for
    /// a manifest's FormatsToProcess, which was two thirds of the import's time. Every object the module writes comes
    /// out of a cmdlet, so it finds its view; only objects made otherwise (Import-Clixml of saved operations) before any
    /// cmdlet has run are shown without it.
    /// </summary>
    internal static class FormatViews
    {
        public const string FileName = "BackupCmdlets.format.ps1xml";
        static readonly ConditionalWeakTable<Runspace, object> Loaded = new ConditionalWeakTable<Runspace, object>();
        static readonly object Marker = new object();

        /// <summary>Loads the views into the runspace of <paramref name="cmdlet"/> once; never fails the cmdlet.</summary>
        public static void Ensure(PSCmdlet cmdlet)
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace == null) return;
            lock (Loaded)
            {
                if (Loaded.TryGetValue(runspace, out _)) return;
                Loaded.Add(runspace, Marker);
            }
            var path = Path.Combine(ModuleInitializer.ModuleDirectory, FileName);
            if (!File.Exists(path)) return;
            try
            {
                cmdlet.InvokeCommand.InvokeScript("param($path) Update-FormatData -AppendPath $path", false, PipelineResultTypes.None, null, path);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                // A session that may not run Update-FormatData (a restricted endpoint) still runs the cmdlets, with default formatting.
                cmdlet.WriteVerbose($"The module's format views were not loaded ({e.Message}); objects are shown with PowerShell's default formatting.");
            }
        }
    }
}
