using System.CommandLine;
using Conformance.TrustedLists.Authenticity;
using Conformance.TrustedLists.Fetching;
using Conformance.TrustedLists.Reading;

namespace Conformance.Cli.Commands;

/// <summary>
/// The EU trusted lists for TSP-QTS-006, shared by <c>run</c>, <c>inspect</c> and <c>trusted-list find</c>: files or
/// cached folders, the list of lists and its pinned signers, and the optional online fetch into a cache folder.
/// </summary>
internal sealed class TrustedListOptions
{
    public Option<string[]> Lists { get; } = new("--trusted-list")
    {
        Description = "EU trusted list (XML) or a folder of cached lists, for TSP-QTS-006 (repeatable)",
    };

    public Option<string?> Lotl { get; } = new("--lotl")
    {
        Description = "The EU list of lists (XML): a member-state list is authentic only if its signer is announced there",
    };

    public Option<string[]> LotlSigners { get; } = new("--lotl-signer")
    {
        Description = "Pinned LOTL signing certificate(s), PEM or DER, as published in the Official Journal (repeatable)",
    };

    public Option<bool> Fetch { get; } = new("--fetch-trusted-lists")
    {
        Description = "Fetch the LOTL (--lotl-url) and the lists it points to into the cache folder (conditional GET; the cached copy is used when a fetch fails)",
    };

    public Option<string?> Cache { get; } = new("--trusted-list-cache")
    {
        Description = "Cache folder for --fetch-trusted-lists (default $XDG_CACHE_HOME/tsa-conformance/trusted-lists, else ~/.cache/...)",
    };

    public Option<string?> LotlUrl { get; } = new("--lotl-url")
    {
        Description = $"Where --fetch-trusted-lists gets the list of lists (default {TrustedListFetcher.EuListOfLists})",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Lists);
        command.Options.Add(Lotl);
        command.Options.Add(LotlSigners);
        command.Options.Add(Fetch);
        command.Options.Add(Cache);
        command.Options.Add(LotlUrl);
    }

    public TrustedListSources Sources(ParseResult parse) => new()
    {
        Lists = (parse.GetValue(Lists) ?? []).Select(Path.GetFullPath).ToList(),
        ListOfLists = parse.GetValue(Lotl) is { } lotl ? Path.GetFullPath(lotl) : null,
        ListOfListsSigners = (parse.GetValue(LotlSigners) ?? []).Select(Path.GetFullPath).ToList(),
    };

    /// <summary>
    /// Fetches when asked, then reads and checks every list once. Null (with the messages on error) when a list or a
    /// certificate file cannot be read: a run must not silently go on without the lists it was given.
    /// </summary>
    public async Task<TrustedListSet?> LoadAsync(ParseResult parse, TrustedListSources fromTarget, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        TrustedListSources sources = fromTarget.Merge(Sources(parse));
        try
        {
            if (parse.GetValue(Fetch))
            {
                if (!Uri.TryCreate(parse.GetValue(LotlUrl) ?? TrustedListFetcher.EuListOfLists.ToString(), UriKind.Absolute, out Uri? lotlUrl) || lotlUrl.Scheme is not ("http" or "https"))
                {
                    error.WriteLine($"--lotl-url: '{parse.GetValue(LotlUrl)}' is not an absolute http(s) URL");
                    return null;
                }

                string cache = Path.GetFullPath(parse.GetValue(Cache) ?? DefaultCache());
                using var http = new HttpClient();
                var fetcher = new TrustedListFetcher(http, cache);
                FetchResult fetched = await fetcher.FetchAsync(lotlUrl, sources.ListOfListsSigners.SelectMany(TrustedListSources.ReadCertificates).ToList(), cancellationToken);
                foreach (string message in fetched.Messages)
                {
                    output.WriteLine($"trusted lists: {message}");
                }

                sources = sources.Merge(new TrustedListSources { Lists = fetched.Lists, ListOfLists = sources.ListOfLists ?? fetched.ListOfLists });
            }

            TrustedListSet set = sources.Load();
            foreach (CheckedTrustedList list in set.Lists)
            {
                output.WriteLine($"trusted list: {list.List.Describe()}: signature {list.File.Signature.Describe()}; {list.Authenticity.Describe()}");
            }

            return set;
        }
        catch (TrustedListFormatException e)
        {
            error.WriteLine(e.Message);
            return null;
        }
    }

    private static string DefaultCache()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
        return Path.Combine(root, "tsa-conformance", "trusted-lists");
    }
}
