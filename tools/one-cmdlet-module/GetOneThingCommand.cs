using System.Management.Automation;

namespace OneCmdletModule
{
    /// <summary>The one cmdlet: imported, never run, by the import benchmark.</summary>
    [Cmdlet(VerbsCommon.Get, "OneThing")]
    [OutputType(typeof(string))]
    public sealed class GetOneThingCommand : PSCmdlet
    {
        [Parameter(Position = 0)]
        public string Name { get; set; } = "one";

        protected override void ProcessRecord() => WriteObject(Name);
    }
}
