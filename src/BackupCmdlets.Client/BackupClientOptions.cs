using System;
using Azure.Core;

namespace BackupCmdlets.Client
{
    /// <summary>Settings of a <see cref="BackupClient"/>. Retry settings are Azure.Core's (<see cref="ClientOptions.Retry"/>).</summary>
    public sealed class BackupClientOptions : ClientOptions
    {
        public const string DefaultApiVersion = "2025-08-01";

        public BackupClientOptions()
        {
            Diagnostics.ApplicationId = "BackupCmdlets";
            // Azure.Core's own request logging and activities are not in the client's pipeline (Http.ClientPipeline):
            // -Verbose and -Debug come from Tracing.TracePolicy. Said here too, so no one expects them.
            Diagnostics.IsLoggingEnabled = false;
            Diagnostics.IsDistributedTracingEnabled = false;
            Retry.Mode = RetryMode.Exponential;
            Retry.MaxRetries = 4;
            Retry.Delay = TimeSpan.FromSeconds(1);
            Retry.MaxDelay = TimeSpan.FromSeconds(30);
        }

        /// <summary>The api-version sent on every request the client builds (poll URLs are followed as given).</summary>
        public string ApiVersion { get; set; } = DefaultApiVersion;

        /// <summary>How long to wait between polls when the service sends no Retry-After.</summary>
        public TimeSpan DefaultPollInterval { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// The shortest wait between reads of a job. Job reads carry no Retry-After, so the wait grows with the job's
        /// running time (a tenth of it) from this up to <see cref="JobPollMaxInterval"/>: a job that ends is seen within
        /// max(this, 10 % of its running time).
        /// </summary>
        public TimeSpan JobPollInterval { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>The longest wait between reads of a job, however long it has run.</summary>
        public TimeSpan JobPollMaxInterval { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>How long before its expiry a token is renewed (five minutes, as Azure.Core does).</summary>
        public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>
        /// The most time one request may take, all its retries included (null: no limit beyond
        /// <see cref="RetryOptions.MaxRetries"/> and <see cref="RetryOptions.NetworkTimeout"/>).
        /// </summary>
        public TimeSpan? RetryTimeout { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>How many polls of one operation may fail in a row (after the pipeline's own retries) before the wait gives up; the operation stays resumable.</summary>
        public int PollFailureLimit { get; set; } = 6;

        /// <summary>After an ambiguous failure of a backup trigger, how long to let the service settle before looking for the job it may have started.</summary>
        public TimeSpan AmbiguousTriggerCheckDelay { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// How far apart the client's clock and the service's may be: a search for the job a trigger started looks at
        /// the item's jobs that started since the trigger was sent, less this.
        /// </summary>
        public TimeSpan TriggerClockSkew { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>How many times one backup trigger may be sent in all, when earlier sends are known not to have taken effect.</summary>
        public int MaxTriggerAttempts { get; set; } = 3;
    }
}
