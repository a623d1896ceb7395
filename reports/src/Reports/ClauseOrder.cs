namespace Reports;

/// <summary>
/// Clause numbers in document order: runs of digits compare as numbers, so 7.9 comes before 7.10, Art. 5 before
/// Art. 13(1) and Annex point 1(4) before 1(10); numbered clauses come before lettered ones (5.1 before Annex A).
/// </summary>
public sealed class ClauseOrder : IComparer<string>
{
    public static readonly ClauseOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            bool dx = char.IsAsciiDigit(x[i]), dy = char.IsAsciiDigit(y[j]);
            if (dx != dy)
            {
                return dx ? -1 : 1;
            }

            int si = i, sj = j;
            while (i < x.Length && char.IsAsciiDigit(x[i]) == dx) i++;
            while (j < y.Length && char.IsAsciiDigit(y[j]) == dy) j++;
            string a = x[si..i], b = y[sj..j];
            int c = dx ? Numeric(a, b) : string.Compare(a, b, StringComparison.OrdinalIgnoreCase);
            if (c != 0)
            {
                return c;
            }
        }

        return (x.Length - i).CompareTo(y.Length - j);
    }

    /// <summary>Two runs of digits as numbers of any length: fewer significant digits is smaller.</summary>
    private static int Numeric(string a, string b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
    }
}
