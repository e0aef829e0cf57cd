using System;
using System.Linq;
using System.Management.Automation;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>Whether someone can answer a sign-in prompt: never in a runbook, a -NonInteractive shell or a service.</summary>
    internal static class Interactivity
    {
        public static bool PromptPossible(PSCmdlet cmdlet)
        {
            if (!System.Environment.UserInteractive) return false;
            // Azure Automation, App Service and Functions set these; nobody is at a keyboard there.
            if (!string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT"))) return false;
            var args = System.Environment.GetCommandLineArgs();
            if (args.Any(a => a.StartsWith("-noni", StringComparison.OrdinalIgnoreCase) || a.Equals("-NonInteractive", StringComparison.OrdinalIgnoreCase))) return false;
            return cmdlet.Host?.UI != null;
        }
    }
}
