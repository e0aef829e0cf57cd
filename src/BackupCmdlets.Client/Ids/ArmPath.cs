using System;
using System.Linq;

namespace BackupCmdlets.Client.Ids
{
    /// <summary>
    /// The one escaping of request paths: every segment percent-encoded by RFC 3986's rules, '%'
    /// included, so a name can never become another path ('a%2F..' is sent as 'a%252F..'). Only ';'
    /// stays literal: it is a sub-delimiter RFC 3986 allows in a segment, and Backup names use it
    /// (VMAppContainer;Compute;rg;vm).
    /// </summary>
    public static class ArmPath
    {
        public static string Segment(string segment) =>
            Uri.EscapeDataString(segment).Replace("%3B", ";").Replace("%3b", ";");

        /// <summary>The URL path of an unescaped resource id (as the service returns ids), each segment escaped.</summary>
        public static string Of(string id) => NeedsNoEscaping(id) ? id : string.Join("/", id.Split('/').Select(Segment));

        /// <summary>Most ids are letters, digits, '-', '.', '_', '~', ';' and '/' only: then the path is the id itself.</summary>
        static bool NeedsNoEscaping(string id)
        {
            foreach (var c in id)
            {
                var plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == ';' || c == '/';
                if (!plain) return false;
            }
            return true;
        }
    }
}
