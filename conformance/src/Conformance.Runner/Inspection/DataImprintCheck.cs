using System.Security.Cryptography;
using Conformance.Checks.Protocol;
using Conformance.Runner.Results;

namespace Conformance.Runner.Inspection;

/// <summary>
/// <c>inspect --data FILE</c>: does the stored token time-stamp this data? The token's messageImprint must be the hash of
/// the file under the token's own hash algorithm (RFC 3161 §2.4.2: the imprint is the one the requester sent, i.e. the
/// hash of the data). The file is hashed once per algorithm, streamed, so its size does not matter.
/// </summary>
public sealed class DataImprintCheck(string dataFile)
{
    public const string RequirementId = "TSP-TST-003";
    private readonly Dictionary<string, byte[]?> _hashes = new(StringComparer.Ordinal);

    public string DataFile { get; } = dataFile;

    /// <summary>A mismatch is graded as any finding against <see cref="RequirementId"/> (severity model).</summary>
    public ScenarioResult Judge(StoredToken token, Grading.RequirementWeights weights, bool strict)
    {
        ScenarioResult result = Compare(token);
        if (result.Status != ScenarioStatus.Failed)
        {
            return result;
        }

        Grading.FindingGrader.Result grade = Grading.FindingGrader.Grade(
            [new Grading.RawFinding(RequirementId, result.Message!)], result.RequirementIds, result.Severity, weights, strict);
        return result with { Grade = grade.Grade, GradeReason = grade.Reason, Findings = grade.Findings };
    }

    private ScenarioResult Compare(StoredToken token)
    {
        TstInfo? info = token.Token?.TstInfo;
        if (info is null)
        {
            return Result(ScenarioStatus.Error, $"{token.Path}: no TSTInfo to compare with {DataFile} ({token.Error ?? "no token"})");
        }

        if (Hash(info.HashAlgorithmOid) is not { } expected)
        {
            return Result(ScenarioStatus.Error, $"{token.Path}: the imprint's hash algorithm {info.HashAlgorithmOid} is not one the suite computes (SHA-256/384/512)");
        }

        return CryptographicOperations.FixedTimeEquals(expected, info.HashedMessage.Span)
            ? Result(ScenarioStatus.Passed, null)
            : Result(ScenarioStatus.Failed,
                $"{RequirementId}: the token does not time-stamp {Path.GetFileName(DataFile)} (expected: {Convert.ToHexStringLower(expected)}; observed: {Convert.ToHexStringLower(info.HashedMessage.Span)})");
    }

    private byte[]? Hash(string oid)
    {
        if (_hashes.TryGetValue(oid, out byte[]? cached))
        {
            return cached;
        }

        using FileStream stream = File.OpenRead(DataFile);
        byte[]? hash = oid switch
        {
            Oids.Sha256 => SHA256.HashData(stream),
            Oids.Sha384 => SHA384.HashData(stream),
            Oids.Sha512 => SHA512.HashData(stream),
            _ => null,
        };
        _hashes[oid] = hash;
        return hash;
    }

    private ScenarioResult Result(ScenarioStatus status, string? message) => new()
    {
        Id = "data-imprint",
        Feature = "Stored token and its data (--data)",
        Name = $"The messageImprint is the hash of {Path.GetFileName(DataFile)}",
        Location = "inspect --data",
        RequirementIds = [RequirementId],
        Severity = "must",
        Status = status,
        Message = message,
    };
}
