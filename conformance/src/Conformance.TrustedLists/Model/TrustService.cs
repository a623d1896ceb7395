using System.Security.Cryptography.X509Certificates;

namespace Conformance.TrustedLists.Model;

/// <summary>A trust service provider with its services, in list order.</summary>
public sealed record TrustServiceProvider(string Name, IReadOnlyList<TrustService> Services);

/// <summary>
/// A service entry: its current information and its history (newest first, as in the list). <see cref="Line"/> is the
/// line of the TSPService element in the file.
/// </summary>
public sealed record TrustService
{
    public required string ProviderName { get; init; }
    public required string Type { get; init; }
    public required string Name { get; init; }
    public required ServiceDigitalIdentity Identity { get; init; }
    public required string Status { get; init; }
    public required DateTimeOffset StatusStart { get; init; }
    public required IReadOnlyList<string> SupplyPoints { get; init; }
    public required IReadOnlyList<ServiceHistoryEntry> History { get; init; }
    public required int Line { get; init; }

    public string Describe() => $"\"{Name}\" ({TrustedListUris.Short(Type)}) of {ProviderName}, line {Line}";
}

/// <summary>One ServiceHistoryInstance: the type, name, status and start the service had from that time.</summary>
public sealed record ServiceHistoryEntry(string Type, string Name, string Status, DateTimeOffset StatusStart, int Line);

/// <summary>
/// The ServiceDigitalIdentity: certificates (possibly several for one key), the subject name and the key identifier.
/// </summary>
public sealed record ServiceDigitalIdentity(IReadOnlyList<X509Certificate2> Certificates, IReadOnlyList<string> SubjectNames, IReadOnlyList<byte[]> SubjectKeyIdentifiers)
{
    public static readonly ServiceDigitalIdentity Empty = new([], [], []);
}
