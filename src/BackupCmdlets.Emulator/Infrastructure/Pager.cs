using System.Globalization;
using System.Text.Json.Nodes;

namespace BackupCmdlets.Emulator.Infrastructure;

/// <summary>
/// Lists served a page at a time, each page costing what it holds, not what the list holds. The first page builds
/// the list lazily (from a snapshot of the records, so later changes neither break nor repeat it) and keeps its
/// cursor under an id; the nextLink's <c>$skipToken</c> is <c>position-id</c>, and the next page carries on from the
/// cursor. The page served last, asked again (a client retrying a lost answer), is served again as it was. A token
/// whose cursor is gone (evicted, or an older page) builds the list again, as it is now, and skips to the position.
/// </summary>
public sealed class Pager
{
    const int MaxCursors = 256;

    readonly object sync = new();
    readonly Dictionary<string, Cursor> cursors = new();
    long nextId;
    long useCounter;
    long listsBuilt;
    long itemsPulled;

    /// <summary>How many times a list was built (its first page, or a token whose cursor was gone): what tests count.</summary>
    public long ListsBuilt => Interlocked.Read(ref listsBuilt);

    /// <summary>How many items were drawn from lists (rendered) to serve pages.</summary>
    public long ItemsPulled => Interlocked.Read(ref itemsPulled);

    /// <summary>The page <paramref name="token"/> asks for (null: the first); null if the token is not one this pager gave.</summary>
    public (List<JsonNode> Items, string? NextToken)? Page(string? token, int size, Func<IEnumerable<JsonNode>> build)
    {
        var position = 0;
        string? id = null;
        if (token != null && !TryParse(token, out position, out id)) return null;
        lock (sync)
        {
            Cursor? cursor = null;
            if (id != null && cursors.Remove(id, out var found))
            {
                if (found.PagePosition == position && found.PageItems != null)
                {
                    // The page served last, asked again (its answer was lost): the same items, the list unchanged.
                    cursors[id] = found;
                    return (found.PageItems.Select(i => i.DeepClone()).ToList(), found.NextToken);
                }
                if (found.Position == position && !found.Finished) cursor = found;
                else found.Dispose();
            }
            cursor ??= Build(build, position);
            id ??= Interlocked.Increment(ref nextId).ToString(CultureInfo.InvariantCulture);
            var items = new List<JsonNode>(size);
            bool more;
            try { more = Fill(cursor, items, size); }
            catch (InvalidOperationException)
            {
                // A collection the list walks changed under it (a database revealed by a restore): build it again from here.
                cursor.Dispose();
                cursor = Build(build, position + items.Count);
                more = Fill(cursor, items, size);
            }
            cursor.PagePosition = position;
            cursor.PageItems = items.Select(i => i.DeepClone()).ToList();
            cursor.NextToken = more ? cursor.Position.ToString(CultureInfo.InvariantCulture) + "-" + id : null;
            if (!more) cursor.Dispose(); // kept without its enumerator, for a retry of this last page
            cursor.LastUsed = ++useCounter;
            cursors[id] = cursor;
            if (cursors.Count > MaxCursors)
            {
                var oldest = cursors.MinBy(c => c.Value.LastUsed);
                cursors.Remove(oldest.Key);
                oldest.Value.Dispose();
            }
            return (items, cursor.NextToken);
        }
    }

    Cursor Build(Func<IEnumerable<JsonNode>> build, int position)
    {
        var cursor = new Cursor(build().GetEnumerator(), this);
        Interlocked.Increment(ref listsBuilt);
        while (cursor.Position < position && cursor.Next(out _)) cursor.Position++; // a rebuilt list skips what was served
        cursor.Position = position;
        return cursor;
    }

    /// <summary>Adds up to <paramref name="size"/> items in all; true when more remain.</summary>
    static bool Fill(Cursor cursor, List<JsonNode> items, int size)
    {
        while (items.Count < size && cursor.Next(out var item))
        {
            items.Add(item);
            cursor.Position++;
        }
        return cursor.HasMore();
    }

    /// <summary><c>position-id</c>, or a bare position (the emulator's earlier tokens), which rebuilds the list.</summary>
    static bool TryParse(string token, out int position, out string? id)
    {
        var dash = token.IndexOf('-');
        id = dash < 0 ? null : token[(dash + 1)..];
        return int.TryParse(dash < 0 ? token : token[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out position)
            && (id == null || (id.Length > 0 && id.All(char.IsAsciiDigit)));
    }

    sealed class Cursor(IEnumerator<JsonNode> items, Pager owner) : IDisposable
    {
        JsonNode? peeked;
        public int Position;
        public long LastUsed;

        /// <summary>The page served last (its position, a copy of its items, its next token), for a client that asks it again.</summary>
        public int PagePosition;
        public List<JsonNode>? PageItems;
        public string? NextToken;
        public bool Finished;

        public bool Next(out JsonNode item)
        {
            if (peeked != null)
            {
                item = peeked;
                peeked = null;
                return true;
            }
            if (items.MoveNext())
            {
                Interlocked.Increment(ref owner.itemsPulled);
                item = items.Current;
                return true;
            }
            item = null!;
            return false;
        }

        public bool HasMore() => peeked != null || (Next(out var item) && (peeked = item) != null);

        public void Dispose()
        {
            Finished = true;
            items.Dispose();
        }
    }
}
