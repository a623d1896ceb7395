using System.Numerics;

namespace ReferenceTsa.Serials;

/// <summary>Hands out TSTInfo serial numbers that are positive, at most 160 bits, and never repeated (RFC 3161 §2.4.2).</summary>
public interface ISerialNumberAllocator
{
    /// <summary>The next serial; throws <see cref="SerialNumbersUnavailableException"/> when none can be handed out now.</summary>
    BigInteger Next();

    /// <summary>Where the serial state lives, for logs: a file, or a database without its password.</summary>
    string Location => "";

    /// <summary>Why no serial can be handed out now (the TSA is then not ready), or null.</summary>
    string? Unavailable => null;
}

/// <summary>No serial number can be handed out: the request must be refused (systemFailure), never answered with a guess.</summary>
public sealed class SerialNumbersUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
