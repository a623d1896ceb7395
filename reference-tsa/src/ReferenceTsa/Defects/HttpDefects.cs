using System.Text;
using ReferenceTsa.Http;

namespace ReferenceTsa.Defects;

/// <summary>HTTP defects (RFC 3161 §3.4): how the endpoint answers once the TimeStampResp is ready.</summary>
public static class HttpDefects
{
    /// <summary>Status, Content-Type and body of the answer: 200, application/timestamp-reply and the DER TimeStampResp normally.</summary>
    public static (int Status, string ContentType, byte[] Body) Answer(byte[] timeStampResponse, ActiveDefects defects)
    {
        if (defects.Has(DefectCatalogue.Http200Html))
        {
            return (StatusCodes.Status200OK, "text/html; charset=utf-8",
                Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><h1>Time-stamping service</h1><p>Request received.</p></body></html>\n"));
        }

        int status = defects.Has(DefectCatalogue.Http201) ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        string contentType = defects.Has(DefectCatalogue.ContentTypeWrong) ? "application/octet-stream" : MediaTypes.TimeStampReply;
        return (status, contentType, timeStampResponse);
    }
}
