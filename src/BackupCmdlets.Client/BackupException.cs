using System;
using System.Collections.Generic;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;

namespace BackupCmdlets.Client
{
    /// <summary>A failure the service reported: its code, message, recommendations and request id.</summary>
    public class BackupException : Exception
    {
        public BackupException(string message, BackupErrorDetail error = null, string requestId = null, int? status = null, Exception inner = null)
            : base(Compose(message, error, requestId), inner)
        {
            ErrorCode = error?.Code;
            ServiceMessage = error?.Message;
            Recommendations = error?.Recommendations ?? new string[0];
            RequestId = requestId;
            Status = status;
        }

        /// <summary>The service's error code (for example <c>BMSUserErrorContainerObjectNotFound</c>).</summary>
        public string ErrorCode { get; }
        public string ServiceMessage { get; }
        public IReadOnlyList<string> Recommendations { get; }

        /// <summary>The <c>x-ms-request-id</c> to quote to support.</summary>
        public string RequestId { get; }

        /// <summary>The HTTP status, when the failure came as an HTTP error.</summary>
        public int? Status { get; }

        static string Compose(string message, BackupErrorDetail error, string requestId)
        {
            var text = message;
            if (error != null)
            {
                text += string.IsNullOrEmpty(error.Code) ? $" {error.Message}" : $" {error.Code}: {error.Message}";
                if (error.Recommendations.Count > 0) text += " Recommended: " + string.Join(" ", error.Recommendations);
            }
            if (!string.IsNullOrEmpty(requestId)) text += $" (request id {requestId})";
            return text;
        }
    }

    /// <summary>The service answered a request with an error status.</summary>
    public sealed class BackupServiceException : BackupException
    {
        public BackupServiceException(string method, string resource, int status, BackupErrorDetail error, string requestId, TimeSpan? retryAfter = null)
            : base($"{method} {resource} failed with HTTP {status}.", error, requestId, status)
        {
            RetryAfter = retryAfter;
        }

        /// <summary>The Retry-After the service sent with the error, if any.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>A status that says the service may not have acted, or may act later: worth trying again.</summary>
        public bool IsTransient => Status == 408 || Status == 429 || Status >= 500;
    }

    /// <summary>An asynchronous operation failed, was canceled, or did not finish in time. The operation can be waited on again when it timed out.</summary>
    public sealed class BackupOperationException : BackupException
    {
        public BackupOperationException(BackupOperation operation, string message, BackupErrorDetail error = null, string requestId = null, int? status = null)
            : base(message, error, requestId ?? operation?.RequestId, status)
        {
            Operation = operation;
        }

        public BackupOperation Operation { get; }
        public bool TimedOut => Operation?.Status == "TimedOut";
    }

    /// <summary>A backup job ended Failed or Cancelled, or was not done in time.</summary>
    public sealed class BackupJobException : BackupException
    {
        public BackupJobException(BackupJob job, string message, BackupErrorDetail error = null)
            : base(message, error)
        {
            Job = job;
        }

        public BackupJob Job { get; }
    }
}

namespace BackupCmdlets.Client
{
    /// <summary>Signing in failed, or the service refused the token: connect again, differently or with a fresh token.</summary>
    public sealed class BackupAuthenticationException : BackupException
    {
        public BackupAuthenticationException(string message, System.Exception inner = null) : base(message, inner: inner) { }

        public BackupAuthenticationException(string message, BackupErrorDetail error, string requestId, int status) : base(message, error, requestId, status) { }
    }
}
