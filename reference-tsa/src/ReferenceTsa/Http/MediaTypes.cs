namespace ReferenceTsa.Http;

/// <summary>RFC 3161 §3.4 media types. (The RFC's last sentence there says "-response" by mistake; "-reply" is registered.)</summary>
public static class MediaTypes
{
    public const string TimeStampQuery = "application/timestamp-query";
    public const string TimeStampReply = "application/timestamp-reply";
}
