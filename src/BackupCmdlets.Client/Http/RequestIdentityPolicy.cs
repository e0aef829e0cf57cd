using System;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;

namespace BackupCmdlets.Client.Http
{
    /// <summary>
    /// Names every request once, before its attempts: the User-Agent (Azure.Core's <see cref="TelemetryDetails"/>
    /// form: application, package and version, runtime, OS) and a client request id that Resource Manager logs
    /// and echoes, so a support case can name the request.
    /// </summary>
    internal sealed class RequestIdentityPolicy : HttpPipelineSynchronousPolicy
    {
        readonly string userAgent;

        public RequestIdentityPolicy(string userAgent) => this.userAgent = userAgent ?? throw new ArgumentNullException(nameof(userAgent));

        public override void OnSendingRequest(HttpMessage message)
        {
            var request = message.Request;
            request.ClientRequestId = RequestIds.Next();
            var headers = request.Headers;
            headers.SetValue(HttpHeader.Names.UserAgent, userAgent);
            headers.SetValue("x-ms-client-request-id", request.ClientRequestId);
            headers.SetValue("x-ms-return-client-request-id", "true");
        }
    }
}
