using System;
using System.Collections.Generic;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;

namespace BackupCmdlets.Client
{
    /// <summary>
    /// A failure the service reported. The message says what happened (the service's own words where it
    /// gave any) and the request id once; the request, status, code and recommendations are properties,
    /// shown by -Verbose and ErrorDetails rather than repeated in the message.
    /// </summary>
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

        /// <summary>The service's error code (for example <c>BMSUserErrorContainerObjectNotFound</c>), or the module's for a failure with no answer.</summary>
        public string ErrorCode { get; }
        public string ServiceMessage { get; }
        public IReadOnlyList<string> Recommendations { get; }

        /// <summary>The <c>x-ms-request-id</c> to quote to support.</summary>
        public string RequestId { get; }

        /// <summary>The HTTP status, when the failure came as an HTTP error.</summary>
        public int? Status { get; }

        /// <summary>The method and path of the request that failed, when one did.</summary>
        public string Method { get; protected set; }
        public string Path { get; protected set; }

        /// <summary>One line for -Verbose: the request, its status, the service's code and the request id.</summary>
        public string Describe()
        {
            var parts = new List<string>();
            if (!string.IsNullOrEmpty(Method)) parts.Add($"{Method} {Path}");
            if (Status.HasValue) parts.Add($"HTTP {Status}");
            if (!string.IsNullOrEmpty(ErrorCode)) parts.Add(ErrorCode);
            if (!string.IsNullOrEmpty(RequestId)) parts.Add($"request id {RequestId}");
            return string.Join(", ", parts);
        }

        static string Compose(string message, BackupErrorDetail error, string requestId)
        {
            var text = message ?? "";
            // The service's words after the module's, unless the module's message already carries them.
            if (!string.IsNullOrEmpty(error?.Message) && text.IndexOf(error.Message, StringComparison.Ordinal) < 0)
                text = text.Length == 0 ? error.Message : $"{text} {error.Message}";
            if (!string.IsNullOrEmpty(requestId) && text.IndexOf(requestId, StringComparison.Ordinal) < 0) text += $" (request id {requestId})";
            return text;
        }
    }

    /// <summary>The service answered a request with an error status. The message is the service's.</summary>
    public sealed class BackupServiceException : BackupException
    {
        public BackupServiceException(string method, string resource, int status, BackupErrorDetail error, string requestId, TimeSpan? retryAfter = null)
            : base(string.IsNullOrEmpty(error?.Message) ? $"The service answered HTTP {status}." : null, error, requestId, status)
        {
            RetryAfter = retryAfter;
            Method = method;
            Path = resource;
        }

        /// <summary>The Retry-After the service sent with the error, if any.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>A status that says the service may not have acted, or may act later: worth trying again.</summary>
        public bool IsTransient => Status == 408 || Status == 429 || Status >= 500;
    }

    /// <summary>Why a request got no answer.</summary>
    public enum ConnectionFailure { Refused, Dropped, TimedOut }

    /// <summary>
    /// A request that got no answer: the endpoint refused the connection (or could not be found), the
    /// connection dropped, or no answer came in time. Its <see cref="BackupException.ErrorCode"/> is the
    /// module's: <c>ConnectionRefused</c>, <c>ConnectionDropped</c> or <c>RequestTimedOut</c>.
    /// </summary>
    public sealed class BackupConnectionException : BackupException
    {
        public BackupConnectionException(ConnectionFailure failure, string method, string path, Uri endpoint, string message, Exception inner)
            : base(message, new BackupErrorDetail(CodeOf(failure), null), inner: inner)
        {
            Failure = failure;
            Method = method;
            Path = path;
            Endpoint = endpoint;
        }

        public ConnectionFailure Failure { get; }
        public Uri Endpoint { get; }

        static string CodeOf(ConnectionFailure failure) =>
            failure == ConnectionFailure.Refused ? "ConnectionRefused" : failure == ConnectionFailure.Dropped ? "ConnectionDropped" : "RequestTimedOut";
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
        public BackupJobException(BackupJob job, string message, BackupErrorDetail error = null, Exception inner = null)
            : base(message, error, inner: inner)
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

        public BackupAuthenticationException(string message, BackupErrorDetail error, string requestId, int status, string method = null, string path = null)
            : base(message, error, requestId, status)
        {
            Method = method;
            Path = path;
        }
    }
}
