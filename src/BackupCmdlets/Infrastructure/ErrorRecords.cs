using System;
using System.Linq;
using System.Management.Automation;
using BackupCmdlets.Client;

namespace BackupCmdlets.Infrastructure
{
    /// <summary>How failures become PowerShell errors: the service's code as the error id, its recommendations as the recommended action.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord Create(Exception exception, string errorId, ErrorCategory category, object target)
        {
            var record = new ErrorRecord(exception, errorId, category, target);
            if (exception is BackupException backup && backup.Recommendations.Count > 0)
                record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = string.Join(" ", backup.Recommendations) };
            return record;
        }

        /// <summary>The category that says what kind of failure it was.</summary>
        public static ErrorCategory CategoryOf(Exception exception)
        {
            switch (Cause(exception))
            {
                case ArgumentException _:
                case FormatException _:
                    return ErrorCategory.InvalidArgument;
                case NotFoundException _:
                    return ErrorCategory.ObjectNotFound;
                case OperationCanceledException _:
                    return ErrorCategory.OperationStopped;
                case BackupAuthenticationException _:
                    return ErrorCategory.AuthenticationError;
                case BackupConnectionException c:
                    return c.Failure == ConnectionFailure.TimedOut ? ErrorCategory.OperationTimeout : ErrorCategory.ConnectionError;
                case BackupOperationException op when op.TimedOut:
                    return ErrorCategory.OperationTimeout;
                case BackupJobException job when job.Job != null && !job.Job.IsTerminal:
                    return ErrorCategory.OperationTimeout;
                case BackupOperationException _:
                case BackupJobException _:
                    return ErrorCategory.InvalidResult;
                case BackupException b when b.Status.HasValue:
                    switch (b.Status.Value)
                    {
                        case 400: return ErrorCategory.InvalidArgument;
                        case 401: return ErrorCategory.AuthenticationError;
                        case 403: return ErrorCategory.PermissionDenied;
                        case 404: return ErrorCategory.ObjectNotFound;
                        case 409: return ErrorCategory.ResourceBusy;
                        case 429: return ErrorCategory.LimitsExceeded;
                        default: return b.Status.Value >= 500 ? ErrorCategory.ResourceUnavailable : ErrorCategory.NotSpecified;
                    }
                case BackupException _:
                    return ErrorCategory.InvalidData;
                default:
                    return ErrorCategory.NotSpecified;
            }
        }

        /// <summary>What -Verbose shows of a failure: the request, status, service code and request id the message leaves out; null when there is nothing.</summary>
        public static string VerboseLine(Exception exception)
        {
            BackupException request = null;
            for (var e = exception; e != null && request == null; e = e.InnerException)
                if (e is BackupException b && !string.IsNullOrEmpty(b.Method)) request = b;
            var described = (request ?? exception as BackupException)?.Describe();
            return string.IsNullOrEmpty(described) ? null : "Failed: " + described;
        }

        /// <summary>A plain wrapper (a trigger that gave up after several attempts) is classified by the failure it wraps.</summary>
        static Exception Cause(Exception exception)
        {
            while (exception.GetType() == typeof(BackupException) && exception.InnerException is BackupException inner) exception = inner;
            return exception;
        }

        /// <summary>The error id: the service's code where there is one, so scripts can match on it.</summary>
        public static string IdOf(Exception exception, string fallback)
        {
            var code = (exception as BackupException)?.ErrorCode;
            return string.IsNullOrEmpty(code) ? fallback : new string(code.Where(c => !char.IsWhiteSpace(c)).ToArray()) + "," + fallback;
        }
    }
}
