using System.Net;
using System.Security;

namespace BackupCmdlets.Client.Connection
{
    /// <summary>Secrets stay SecureStrings until the one call that needs their text, and are never formatted into messages.</summary>
    internal static class Secrets
    {
        public static string Reveal(SecureString secret) => secret == null ? null : new NetworkCredential(string.Empty, secret).Password;
    }
}
