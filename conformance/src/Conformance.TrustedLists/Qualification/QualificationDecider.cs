using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Conformance.TrustedLists.Authenticity;
using Conformance.TrustedLists.Model;

namespace Conformance.TrustedLists.Qualification;

/// <summary>
/// Decides whether a TSU certificate belongs to a granted qualified time-stamping service (TSA/QTST) at genTime and at
/// validation time, from the newest authentic list supplied for the TSU's territory (the country of its subject).
/// Rules (eIDAS art. 42 and 52, CIR (EU) 2015/1505, ETSI TS 119 612 and TS 119 615): the service's digital identity
/// is the TSU certificate or one of its issuers (key and subject); its status periods come from the current status
/// and the history; a period counts when the type is TSA/QTST and the status is granted (periods from 2016-07-01) or a
/// Directive 1999/93 supervision/accreditation status (earlier periods). A list that had expired before the time
/// judged cannot answer for it. Indexes are built once per list and reused for every token.
/// </summary>
public sealed class QualificationDecider(TrustedListSet lists)
{
    private readonly ConditionalWeakTable<CheckedTrustedList, ServiceIndex> _indexes = [];

    public TrustedListSet Lists => lists;

    public QualificationDecision Decide(X509Certificate2 tsu, IEnumerable<X509Certificate2> otherCertificates, DateTimeOffset genTime, DateTimeOffset validationTime)
    {
        string? territory = DistinguishedNames.Country(tsu.SubjectName);
        if (territory is null)
        {
            var none = new QualificationAnswer(Qualified.Unknown, $"the TSU certificate's subject ({tsu.Subject}) names no country, so no member-state list applies");
            return new QualificationDecision { GenTime = genTime, ValidationTime = validationTime, Territory = null, AtGenTime = none, Now = none, HistoryAtGenTime = none };
        }

        List<CheckedTrustedList> supplied = lists.ForTerritory(territory).OrderByDescending(l => l.List.SequenceNumber).ToList();
        CheckedTrustedList? list = supplied.FirstOrDefault(l => l.Authenticity.IsAuthentic) ?? supplied.FirstOrDefault();
        if (list is null)
        {
            var unknown = new QualificationAnswer(Qualified.Unknown,
                $"no trusted list for territory {territory} was supplied (--trusted-list), so the qualified status cannot be established");
            return new QualificationDecision { GenTime = genTime, ValidationTime = validationTime, Territory = territory, AtGenTime = unknown, Now = unknown, HistoryAtGenTime = unknown };
        }

        QualificationAnswer? notAuthentic = list.Authenticity.IsAuthentic ? null : new QualificationAnswer(Qualified.Unknown,
            $"no authentic trusted list for territory {territory}: " + string.Join("; ", supplied.Select(l => $"{l.List.Describe()} is {l.Authenticity.Describe()}")));
        ServiceIndex index = _indexes.GetValue(list, l => new ServiceIndex(l.List));
        List<X509Certificate2> path = IssuerPath.Build(tsu, otherCertificates.Concat(index.Certificates));
        List<ServiceMatch> matches = path.SelectMany((certificate, level) => index.Matching(certificate)
            .Select(service => new ServiceMatch(service, certificate, level, StatusPeriod.Timeline(service)))).ToList();

        QualificationAnswer history = Judge(matches, list.List, genTime, "genTime");
        QualificationAnswer now = Judge(matches, list.List, validationTime, "validation time");
        (ServiceMatch Match, StatusPeriod Period)? deciding = Qualifying(matches, genTime);
        return new QualificationDecision
        {
            GenTime = genTime,
            ValidationTime = validationTime,
            Territory = territory,
            List = list,
            ListTiming = Timing(list.List, genTime),
            HistoryAtGenTime = history,
            AtGenTime = notAuthentic ?? Expired(list.List, genTime, "genTime", history) ?? history,
            Now = notAuthentic ?? Expired(list.List, validationTime, "validation time", now) ?? now,
            Deciding = notAuthentic is null ? deciding?.Match : null,
            DecidingPeriod = notAuthentic is null ? deciding?.Period : null,
            Matches = matches,
            IssuerPath = path,
            Warnings = Warnings(list, supplied, matches, validationTime).ToList(),
        };
    }

    private static QualificationAnswer Judge(List<ServiceMatch> matches, TrustedList list, DateTimeOffset time, string when)
    {
        string at = $"{when} {time:yyyy-MM-ddTHH:mm:ssZ}";
        if (Qualifying(matches, time) is var (match, period))
        {
            return new(Qualified.Yes, $"{match.Service.Describe()} is {TrustedListUris.Short(period.Type)} {TrustedListUris.Short(period.Status)} from {period.Start:yyyy-MM-ddTHH:mm:ssZ} (line {period.Line}), covering {at}");
        }

        if (matches.Count == 0)
        {
            return new(Qualified.No, $"no service of {list.Describe()} has the TSU certificate or one of its issuers as digital identity (same public key and subject)");
        }

        var covering = matches.SelectMany(m => m.Timeline.Where(p => p.Covers(time)).Select(p => (Match: m, Period: p))).ToList();
        if (covering.Count == 0)
        {
            DateTimeOffset first = matches.SelectMany(m => m.Timeline).Min(p => p.Start);
            return new(Qualified.No, $"the matching service entries have no status at {at}: the earliest status starts {first:yyyy-MM-ddTHH:mm:ssZ}");
        }

        string observed = string.Join("; ", covering.Select(c => $"{c.Match.Service.Describe()}: {TrustedListUris.Short(c.Period.Type)} {TrustedListUris.Short(c.Period.Status)} from {c.Period.Start:yyyy-MM-ddTHH:mm:ssZ}"));
        return covering.Any(c => c.Period.IsQtst)
            ? new(Qualified.No, $"at {at} the service is TSA/QTST but not with a qualifying status (only granted counts from 2016-07-01): {observed}")
            : new(Qualified.No, $"at {at} the matching entries are not TSA/QTST services (listed only as {string.Join(", ", covering.Select(c => TrustedListUris.Short(c.Period.Type)).Distinct())}): {observed}");
    }

    private static (ServiceMatch Match, StatusPeriod Period)? Qualifying(List<ServiceMatch> matches, DateTimeOffset time) =>
        matches.SelectMany(m => m.Timeline.Where(p => p.Covers(time) && p.IsQualifiedPeriod).Select(p => (m, p))).FirstOrDefault() is var (m, p) && m is not null
            ? (m, p) : null;

    private static QualificationAnswer? Expired(TrustedList list, DateTimeOffset time, string when, QualificationAnswer wouldSay) =>
        list.IsExpiredAt(time)
            ? new(Qualified.Unknown, $"{list.Describe()} expired (NextUpdate {list.NextUpdate:yyyy-MM-ddTHH:mm:ssZ}) before {when} {time:yyyy-MM-ddTHH:mm:ssZ}, so it cannot show the status then; "
                + $"a list in force at that time or later is needed (its history would say: {wouldSay.Describe()})")
            : null;

    private static string Timing(TrustedList list, DateTimeOffset genTime) =>
        list.IsExpiredAt(genTime) ? $"expired before genTime (NextUpdate {list.NextUpdate:yyyy-MM-ddTHH:mm:ssZ})"
        : list.IssueDate > genTime ? $"a later list (issued after genTime) read through its service history"
        : "in force at genTime";

    private static IEnumerable<string> Warnings(CheckedTrustedList list, List<CheckedTrustedList> supplied, List<ServiceMatch> matches, DateTimeOffset validationTime)
    {
        if (list.List.IsExpiredAt(validationTime))
        {
            yield return $"{list.List.Describe()} is past its NextUpdate ({list.List.NextUpdate:yyyy-MM-ddTHH:mm:ssZ}): a newer list may change the status; fetch the current list";
        }

        foreach (CheckedTrustedList other in supplied.Where(l => !ReferenceEquals(l, list)))
        {
            yield return $"also supplied for {list.List.Territory}, not used: {other.List.Describe()} ({(other.Authenticity.IsAuthentic ? "older sequence number" : other.Authenticity.Describe())})";
        }

        foreach (ServiceMatch match in matches)
        {
            foreach (StatusPeriod period in match.Timeline.Where(p => p.Start > list.List.IssueDate))
            {
                yield return $"{match.Service.Describe()}: status {TrustedListUris.Short(period.Status)} starts {period.Start:yyyy-MM-ddTHH:mm:ssZ}, after the list's own issue date (announced in advance)";
            }

            foreach (StatusPeriod period in match.Timeline.Where(p => p.End == p.Start))
            {
                yield return $"{match.Service.Describe()}: zero-length history period at {period.Start:yyyy-MM-ddTHH:mm:ssZ} (line {period.Line})";
            }
        }
    }
}
