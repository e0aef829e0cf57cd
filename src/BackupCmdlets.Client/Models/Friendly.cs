using System;
using System.Globalization;

namespace BackupCmdlets.Client.Models
{
    /// <summary>Short, familiar words for the service's internal values, for views 80 columns wide. The objects keep the values as sent.</summary>
    public static class Friendly
    {
        /// <summary>SQL, VM, FileShare, SAPHana, ...: the workload, or failing that the management type, in a word.</summary>
        public static string Workload(string workloadType, string backupManagementType = null)
        {
            switch ((workloadType ?? "").ToLowerInvariant())
            {
                case "sqldatabase": case "sqldb": case "sqlinstance": case "sqlavailabilitygroupcontainer": return "SQL";
                case "vm": case "azurevm": case "azureiaasvm": return "VM";
                case "azurefileshare": return "FileShare";
                case "saphanadatabase": case "saphanadbinstance": return "SAPHana";
                case "": break;
                default: return workloadType;
            }
            switch ((backupManagementType ?? "").ToLowerInvariant())
            {
                case "azureiaasvm": return "VM";
                case "azurestorage": return "FileShare";
                case "azureworkload": return "Workload";
                default: return backupManagementType;
            }
        }

        /// <summary>A duration as a clock, to the second: 00:00:06, 1.02:03:04.</summary>
        public static string Duration(TimeSpan? span) =>
            span is TimeSpan s ? TimeSpan.FromSeconds(Math.Floor(s.TotalSeconds)).ToString("c", CultureInfo.InvariantCulture) : null;

        /// <summary>A time in the reader's local time, to the minute, without an offset: 2026-12-02 03:41.</summary>
        public static string Time(DateTimeOffset? time) =>
            time is DateTimeOffset t ? t.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : null;

        /// <summary>The friendly part of an item's internal name: SQLDataBase;MSSQLSERVER;msdb -> msdb, AzureFileShare;invoices -> invoices.</summary>
        public static string ItemName(string name)
        {
            if (string.IsNullOrEmpty(name)) return name;
            var i = name.LastIndexOf(';');
            return i >= 0 && i < name.Length - 1 ? name.Substring(i + 1) : name;
        }
    }
}
