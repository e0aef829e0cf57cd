using System;
using Azure.Core;

namespace BackupCmdlets.Client.Http
{
    /// <summary>
    /// For requests that must never be repeated blindly (triggering a backup): no status and no
    /// exception is retriable, so an ambiguous failure reaches the caller, who can check what happened.
    /// </summary>
    internal sealed class NoRetryClassifier : ResponseClassifier
    {
        public override bool IsRetriableResponse(HttpMessage message) => false;
        public override bool IsRetriableException(Exception exception) => false;
        public override bool IsRetriable(HttpMessage message, Exception exception) => false;
    }
}
