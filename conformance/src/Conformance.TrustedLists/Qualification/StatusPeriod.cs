using Conformance.TrustedLists.Model;

namespace Conformance.TrustedLists.Qualification;

/// <summary>
/// One slice of a service's status over time: from its StatusStartingTime to the start of the next newer entry
/// (open for the current status), with the type and status it had then.
/// </summary>
public sealed record StatusPeriod(string Type, string Name, string Status, DateTimeOffset Start, DateTimeOffset? End, int Line, bool IsCurrent)
{
    /// <summary>
    /// eIDAS applies from 1 July 2016 (art. 52(2)); taken at midnight Brussels time, 2016-06-30T22:00:00Z, as EU
    /// validators do. Periods starting then or later count only as "granted"; earlier ones under the Directive 1999/93
    /// statuses.
    /// </summary>
    public static readonly DateTimeOffset EidasApplicationDate = new(2016, 6, 30, 22, 0, 0, TimeSpan.Zero);

    /// <summary>Both ends inclusive: at the instant a status changes, either period may decide.</summary>
    public bool Covers(DateTimeOffset time) => Start <= time && (End is null || time <= End);

    public bool IsQtst => string.Equals(Type, TrustedListUris.QtstServiceType, StringComparison.Ordinal);

    /// <summary>Whether this period makes the service a qualified time-stamping service (TS 119 615 status rules).</summary>
    public bool IsQualifiedPeriod => IsQtst && (Start >= EidasApplicationDate
        ? string.Equals(Status, TrustedListUris.Granted, StringComparison.Ordinal)
        : TrustedListUris.DirectiveQualifyingStatuses.Contains(Status));

    public string Describe() =>
        $"{Start:yyyy-MM-ddTHH:mm:ssZ} .. {(End is { } end ? end.ToString("yyyy-MM-ddTHH:mm:ssZ") : "open")}: {TrustedListUris.Short(Type)} {TrustedListUris.Short(Status)}"
        + $" ({(IsCurrent ? "current status" : "history")}, line {Line}){(IsQualifiedPeriod ? " [qualified]" : string.Empty)}";

    /// <summary>The service's timeline, newest first: the current status, then the history in start order.</summary>
    public static IReadOnlyList<StatusPeriod> Timeline(TrustService service)
    {
        var periods = new List<StatusPeriod> { new(service.Type, service.Name, service.Status, service.StatusStart, null, service.Line, true) };
        DateTimeOffset end = service.StatusStart;
        foreach (ServiceHistoryEntry entry in service.History.OrderByDescending(h => h.StatusStart))
        {
            periods.Add(new StatusPeriod(entry.Type, entry.Name, entry.Status, entry.StatusStart, end, entry.Line, false));
            end = entry.StatusStart;
        }

        return periods;
    }
}
