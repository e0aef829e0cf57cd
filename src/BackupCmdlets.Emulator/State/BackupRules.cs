using System.Globalization;
using System.Text.Json.Nodes;
using BackupCmdlets.Emulator.Infrastructure;
using static BackupCmdlets.Emulator.Endpoints.VaultScope;

namespace BackupCmdlets.Emulator.State;

/// <summary>
/// What an on-demand backup request may ask for, per workload, as the published walkthrough states
/// the retention rules: a full backup is kept 45 days to 99 years, a copy-only full any time, a
/// differential or log backup as the policy keeps scheduled ones. VMs allow 99 years; file shares 10.
/// </summary>
public static class BackupRules
{
    public static IResult? Check(Workload workload, PolicyRecord? policy, JsonObject properties, DateTimeOffset now, out string? backupType, out DateTimeOffset? expiry)
    {
        backupType = null;
        expiry = null;
        if (workload.BackupTypes.Length > 0)
        {
            var requested = Str(properties, "backupType");
            backupType = workload.BackupTypes.FirstOrDefault(t => string.Equals(t, requested, StringComparison.OrdinalIgnoreCase));
            if (backupType == null)
                return ArmErrors.InvalidInput($"Backup type '{requested ?? "(none)"}' is not valid for a {workload.ProtectedItemType} item.", $"Use one of: {string.Join(", ", workload.BackupTypes)}.");
        }
        if (properties["enableCompression"] is { } compression && compression.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
            return ArmErrors.InvalidInput("'properties.enableCompression' must be true or false.");

        var text = Str(properties, "recoveryPointExpiryTimeInUTC");
        if (text == null)
        {
            expiry = backupType is "Differential" or "Log" ? now + PolicyRetention(policy, backupType) : now + workload.DefaultRetention;
            return null;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var requestedExpiry))
            return ArmErrors.InvalidInput($"'properties.recoveryPointExpiryTimeInUTC' '{text}' is not a date and time.", "Use the ISO 8601 form, for example 2030-01-31T00:00:00Z.");
        if (backupType is "Differential" or "Log")
            return ArmErrors.InvalidInput($"A {backupType} backup cannot be given an expiry: it is kept as the policy keeps scheduled {backupType.ToLowerInvariant()} backups.", "Leave 'recoveryPointExpiryTimeInUTC' out.");
        if (requestedExpiry <= now)
            return ArmErrors.InvalidInput($"The recovery point expiry time {text} is in the past.", "Use a time in the future.");
        if (requestedExpiry > now.AddYears(workload.MaxRetentionYears))
            return ArmErrors.InvalidInput($"The recovery point expiry time {text} is more than {workload.MaxRetentionYears} years away.", $"An on-demand backup of a {workload.ProtectedItemType} item is kept {workload.MaxRetentionYears} years at most.");
        // An hour's grace: a client that asks for "45 days from now" sends it a moment before it arrives.
        if (backupType == "Full" && requestedExpiry < now.AddDays(45) - TimeSpan.FromHours(1))
            return ArmErrors.InvalidInput($"The recovery point expiry time {text} is less than 45 days away.", "An on-demand full backup is kept at least 45 days; a CopyOnlyFull backup accepts any retention.");
        expiry = requestedExpiry;
        return null;
    }

    /// <summary>How long the policy keeps scheduled backups of this type (30 days when it does not say).</summary>
    static TimeSpan PolicyRetention(PolicyRecord? policy, string backupType)
    {
        var sub = (policy?.Properties["subProtectionPolicy"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(p => string.Equals(p["policyType"]?.GetValue<string>(), backupType, StringComparison.OrdinalIgnoreCase));
        var duration = sub?["retentionPolicy"]?["retentionDuration"] as JsonObject;
        var count = duration?["count"]?.GetValue<int>() ?? 30;
        return (duration?["durationType"]?.GetValue<string>() ?? "Days") switch
        {
            "Weeks" => TimeSpan.FromDays(7 * count),
            "Months" => TimeSpan.FromDays(30 * count),
            "Years" => TimeSpan.FromDays(365 * count),
            _ => TimeSpan.FromDays(count),
        };
    }
}
