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
            switch (exception)
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

        /// <summary>The error id: the service's code where there is one, so scripts can match on it.</summary>
        public static string IdOf(Exception exception, string fallback)
        {
            var code = (exception as BackupException)?.ErrorCode;
            return string.IsNullOrEmpty(code) ? fallback : new string(code.Where(c => !char.IsWhiteSpace(c)).ToArray()) + "," + fallback;
        }
    }
}
