using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;

namespace ReferenceTsa.Serials;

/// <summary>
/// The shape of every serial: <c>instance prefix (64 bits) || counter (64 bits)</c>. The prefix is drawn at random
/// once per serial store (a SQLite state file, or a PostgreSQL database shared by several nodes); the counter comes
/// from blocks reserved durably in that store before any serial of the block is used.
/// </summary>
public static class SerialNumberLayout
{
    /// <summary>
    /// 8 random bytes as hex, top bit cleared and the next one set: every serial is positive, exactly 127 bits long,
    /// and its DER INTEGER needs no leading zero octet.
    /// </summary>
    public static string NewPrefixHex()
    {
        byte[] random = RandomNumberGenerator.GetBytes(8);
        random[0] = (byte)((random[0] & 0x7F) | 0x40);
        return Convert.ToHexString(random);
    }

    public static BigInteger ParsePrefix(string hex) => BigInteger.Parse("0" + hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public static BigInteger Compose(BigInteger prefix, ulong counter) => (prefix << 64) | counter;
}
