namespace Conformance.Checks.Protocol;

/// <summary>RFC 3161 §2.4.2: "These are the only values of PKIFailureInfo that SHALL be supported."</summary>
[Flags]
public enum PkiFailureInfo : long
{
    None = 0,
    BadAlg = 1L << 0,
    BadRequest = 1L << 2,
    BadDataFormat = 1L << 5,
    TimeNotAvailable = 1L << 14,
    UnacceptedPolicy = 1L << 15,
    UnacceptedExtension = 1L << 16,
    AddInfoNotAvailable = 1L << 17,
    SystemFailure = 1L << 25,
}
