using System;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>A name the user gave matched nothing; the message says how to find valid names.</summary>
    public sealed class NotFoundException : Exception
    {
        public NotFoundException(string message) : base(message) { }
    }
}
