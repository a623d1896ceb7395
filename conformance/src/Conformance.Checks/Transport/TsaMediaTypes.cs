namespace Conformance.Checks.Transport;

/// <summary>RFC 3161 §3.4 media types.</summary>
public static class TsaMediaTypes
{
    public const string Query = "application/timestamp-query";
    public const string Reply = "application/timestamp-reply";
}
