using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Conformance.TrustedLists.Authenticity;
using Conformance.TrustedLists.Model;
using Conformance.TrustedLists.Qualification;
using Conformance.TrustedLists.Reading;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>tsa-conformance trusted-list show FILE</c> (territory, sequence, dates, signature and authenticity, the QTST
/// services with status and supply points) and <c>trusted-list find --cert TSU.pem [--at TIME]</c> (is this TSU a
/// granted qualified time-stamping service at that time, and which entries say so). <c>find</c> exits 0 when it is,
/// 1 when it is not, 2 when the lists given cannot tell.
/// </summary>
public static class TrustedListCommand
{
    public static Command Create()
    {
        var command = new Command("trusted-list", "Read EU trusted lists and decide whether a TSU is a granted qualified time-stamping service");
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Find());
        return command;
    }

    private static Command Show()
    {
        var file = new Argument<string>("FILE") { Description = "A trusted list or list of lists (XML)" };
        var lists = new TrustedListOptions();
        var all = new Option<bool>("--all-services") { Description = "List every service, not only the TSA/QTST ones" };
        var command = new Command("show", "Summarise a trusted list: territory, sequence number, issue and next update, signature, QTST services");
        command.Arguments.Add(file);
        command.Options.Add(lists.Lotl);
        command.Options.Add(lists.LotlSigners);
        command.Options.Add(all);
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            try
            {
                TrustedListSources sources = lists.Sources(parse);
                TrustedListFile shown = TrustedListFile.Load(Path.GetFullPath(parse.GetValue(file)!));
                TrustedListFile? lotl = sources.ListOfLists is { } l ? TrustedListFile.Load(l) : shown.List.IsListOfLists ? shown : null;
                var signers = sources.ListOfListsSigners.SelectMany(TrustedListSources.ReadCertificates).ToList();
                ListAuthenticity? lotlAuthenticity = lotl is null ? null : ListAuthenticator.ListOfLists(lotl, signers);
                ListAuthenticity authenticity = shown.List.IsListOfLists ? lotlAuthenticity! : ListAuthenticator.MemberList(shown, lotl, lotlAuthenticity);
                Print(shown, authenticity, parse.GetValue(all), output);
                return ExitCodes.Ok;
            }
            catch (TrustedListFormatException e)
            {
                error.WriteLine(e.Message);
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private static Command Find()
    {
        var lists = new TrustedListOptions();
        var cert = new Option<string>("--cert") { Description = "The TSU certificate (PEM or DER); a PEM file may carry its issuers after it", Required = true };
        var at = new Option<string?>("--at") { Description = "The time to decide at (ISO 8601, e.g. 2025-05-27T10:11:18Z; default now)" };
        var command = new Command("find", "Decide whether a TSU certificate is a granted qualified time-stamping service at a time, from the lists given");
        command.Options.Add(cert);
        command.Options.Add(at);
        lists.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            DateTimeOffset now = DateTimeOffset.UtcNow;
            DateTimeOffset time = now;
            if (parse.GetValue(at) is { } text && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
            {
                error.WriteLine($"--at: '{text}' is not a date and time (e.g. 2025-05-27T10:11:18Z)");
                return ExitCodes.Usage;
            }

            IReadOnlyList<X509Certificate2> certificates;
            try
            {
                certificates = TrustedListSources.ReadCertificates(Path.GetFullPath(parse.GetValue(cert)!));
            }
            catch (TrustedListFormatException e)
            {
                error.WriteLine(e.Message);
                return ExitCodes.Usage;
            }

            TrustedListSet? set = await lists.LoadAsync(parse, TrustedListSources.None, output, error, cancellationToken);
            if (set is null)
            {
                return ExitCodes.Usage;
            }

            // The TSU certificate is the one in the file that issued none of the others (files often carry the chain root first).
            X509Certificate2 tsu = certificates.FirstOrDefault(c => !certificates.Any(o => !ReferenceEquals(o, c) && o.IssuerName.RawData.AsSpan().SequenceEqual(c.SubjectName.RawData)
                && !o.SubjectName.RawData.AsSpan().SequenceEqual(o.IssuerName.RawData))) ?? certificates[0];
            QualificationDecision decision = set.Decider.Decide(tsu, certificates.Where(c => !ReferenceEquals(c, tsu)), time, now);
            output.Write(decision.Describe());
            return decision.AtGenTime.Value switch { Qualified.Yes => ExitCodes.Ok, Qualified.No => ExitCodes.NonConformant, _ => ExitCodes.Incomplete };
        });
        return command;
    }

    private static void Print(TrustedListFile file, ListAuthenticity? authenticity, bool allServices, TextWriter output)
    {
        TrustedList list = file.List;
        output.WriteLine($"{list.Source}");
        output.WriteLine($"  Territory {list.Territory}, sequence number {list.SequenceNumber}, list version {list.Version}, {(list.IsListOfLists ? "list of lists" : "member-state list")}");
        output.WriteLine($"  Scheme operator: {list.SchemeOperator}");
        output.WriteLine($"  Issued {list.IssueDate:yyyy-MM-ddTHH:mm:ssZ}, next update {list.NextUpdate?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "none (closed list)"}"
            + (list.IsExpiredAt(DateTimeOffset.UtcNow) ? " (PAST its next update: a newer list should exist)" : string.Empty));
        output.WriteLine($"  SHA-256 {list.Sha256}");
        output.WriteLine($"  Signature: {file.Signature.Describe()}");
        output.WriteLine($"  Authenticity: {authenticity?.Describe() ?? "not checked (give --lotl and --lotl-signer)"}");
        foreach (OtherListPointer pointer in list.Pointers)
        {
            output.WriteLine($"  Pointer {pointer.Territory}: {pointer.Location} ({pointer.MimeType ?? "no MIME type"}), {pointer.SigningCertificates.Count} signing certificate(s)");
        }

        var services = list.Providers.SelectMany(p => p.Services)
            .Where(s => allServices || s.Type == TrustedListUris.QtstServiceType || s.History.Any(h => h.Type == TrustedListUris.QtstServiceType)).ToList();
        if (!list.IsListOfLists)
        {
            output.WriteLine($"  {(allServices ? "Services" : "TSA/QTST services")}: {services.Count} of {list.Providers.Sum(p => p.Services.Count)} services, {list.Providers.Count} providers");
        }

        foreach (TrustService service in services)
        {
            output.WriteLine($"  - {service.Describe()}");
            foreach (StatusPeriod period in StatusPeriod.Timeline(service))
            {
                output.WriteLine($"      {period.Describe()}");
            }

            foreach (string supplyPoint in service.SupplyPoints)
            {
                output.WriteLine($"      supply point {supplyPoint}");
            }
        }
    }
}
