using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ReferenceTsa.EvidenceLog;

/// <summary>
/// The hash chain of the evidence log: each record's hash covers the previous record's hash, its own sequence
/// number, time, kind and payload, so changing, removing or reordering any record breaks every hash after it.
/// </summary>
public static class EvidenceChain
{
    public static readonly byte[] Genesis = new byte[32];

    public static byte[] Hash(byte[] previousHash, long sequence, string recordedUtc, string kind, string payload)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previousHash);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        foreach (string field in (ReadOnlySpan<string>)[recordedUtc, kind, payload])
        {
            byte[] bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(number, bytes.Length); // length-prefixed: no ambiguity between fields
            hash.AppendData(number[..4]);
            hash.AppendData(bytes);
        }

        return hash.GetHashAndReset();
    }
}
