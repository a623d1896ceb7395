using System.Numerics;

namespace ReferenceTsa.Serials;

/// <summary>Hands out TSTInfo serial numbers that are positive, at most 160 bits, and never repeated (RFC 3161 §2.4.2).</summary>
public interface ISerialNumberAllocator
{
    BigInteger Next();
}
