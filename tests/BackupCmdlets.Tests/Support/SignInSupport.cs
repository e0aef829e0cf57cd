using System.Security;
using BackupCmdlets.Emulator;

namespace BackupCmdlets.Tests.Support;

/// <summary>What sign-in tests share: secrets as SecureStrings, and the environment of an Azure Automation sandbox.</summary>
internal static class SignInSupport
{
    public static SecureString Secure(string text)
    {
        var s = new SecureString();
        foreach (var c in text) s.AppendChar(c);
        s.MakeReadOnly();
        return s;
    }

    /// <summary>
    /// Sets IDENTITY_ENDPOINT and IDENTITY_HEADER as Azure Automation sets them, pointing at the emulator,
    /// until disposed. They are process-wide: tests that use this run in the session collection.
    /// </summary>
    public static IDisposable IdentityEndpoint(EmulatorHost emulator) =>
        new EnvironmentScope(("IDENTITY_ENDPOINT", new Uri(emulator.BaseUri, "/msi/token").ToString()), ("IDENTITY_HEADER", emulator.Settings.IdentityHeader));

    /// <summary>Environment variables set until disposed, then put back as they were.</summary>
    public sealed class EnvironmentScope : IDisposable
    {
        readonly List<(string Name, string? Value)> saved = new();

        public EnvironmentScope(params (string Name, string? Value)[] variables)
        {
            foreach (var (name, value) in variables)
            {
                saved.Add((name, Environment.GetEnvironmentVariable(name)));
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value);
        }
    }
}
