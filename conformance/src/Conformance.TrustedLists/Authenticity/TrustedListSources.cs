using System.Security.Cryptography.X509Certificates;
using Conformance.TrustedLists.Reading;

namespace Conformance.TrustedLists.Authenticity;

/// <summary>
/// Where the trusted lists of a run come from: list files or folders of cached lists (--trusted-list, trusted-lists:),
/// the list of lists (--lotl, lotl:), and the pinned LOTL signing certificates (--lotl-signer, lotl-signers:), PEM or
/// DER files, possibly several certificates per PEM file.
/// </summary>
public sealed record TrustedListSources
{
    public static readonly TrustedListSources None = new();

    public IReadOnlyList<string> Lists { get; init; } = [];
    public string? ListOfLists { get; init; }
    public IReadOnlyList<string> ListOfListsSigners { get; init; } = [];

    public bool IsEmpty => Lists.Count == 0 && ListOfLists is null;

    /// <summary>Command-line sources added to a target file's: lists and signers accumulate, an explicit LOTL replaces.</summary>
    public TrustedListSources Merge(TrustedListSources more) => new()
    {
        Lists = [.. Lists, .. more.Lists],
        ListOfLists = more.ListOfLists ?? ListOfLists,
        ListOfListsSigners = [.. ListOfListsSigners, .. more.ListOfListsSigners],
    };

    /// <summary>Reads and checks every list; a malformed list or an unreadable certificate file is an error naming the file.</summary>
    public TrustedListSet Load() =>
        IsEmpty ? TrustedListSet.Empty : TrustedListSet.Load(Lists, ListOfLists, ListOfListsSigners.SelectMany(ReadCertificates).ToList());

    public static IReadOnlyList<X509Certificate2> ReadCertificates(string path)
    {
        try
        {
            string text = File.ReadAllText(path);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                var collection = new X509Certificate2Collection();
                collection.ImportFromPem(text);
                return collection.ToList();
            }

            return [X509CertificateLoader.LoadCertificateFromFile(path)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new TrustedListFormatException(path, 0, $"not a readable certificate file (PEM or DER): {e.Message}", e);
        }
    }
}
