using BackupCmdlets.Client.Http;

namespace BackupCmdlets.Tests.ClientTests;

/// <summary>Client request ids (Http.RequestIds): version-4 GUIDs, none repeated, safe to take from many threads at once.</summary>
public class RequestIdTests
{
    [Fact]
    public void Every_id_is_a_distinct_version_4_guid_of_the_RFC_variant()
    {
        var ids = new HashSet<string>();
        var taken = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, _ => { for (var i = 0; i < 50_000; i++) taken.Add(RequestIds.Next()); });
        foreach (var id in taken)
        {
            Assert.True(ids.Add(id), $"repeated id {id}");
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
        }
        Assert.Equal(200_000, ids.Count);
    }

    [Fact]
    public void Ids_in_a_row_differ_in_more_than_a_last_digit()
    {
        // The counter is folded into the first group, so ids sort nowhere near each other in a service's log.
        var a = RequestIds.Next();
        var b = RequestIds.Next();
        Assert.NotEqual(a[..8], b[..8]);
        Assert.Equal(a[9..], b[9..]);
    }
}
