using System.Globalization;
using Conformance.Checks.Transport;
using Conformance.Yaml;

namespace Conformance.Runner.Targets;

/// <summary>How the target is reached: timeouts:, max-response-bytes:, rate-limit:, tls: and auth: of a target file.</summary>
internal static class ConnectionSectionReader
{
    public static TsaHttpOptions Read(YamlFields root, TargetFileContext context)
    {
        var http = new TsaHttpOptions();
        if (root.Mapping("timeouts") is { } timeouts)
        {
            http = http with
            {
                ConnectTimeout = timeouts.OptionalDuration("connect") ?? http.ConnectTimeout,
                RequestTimeout = timeouts.OptionalDuration("request") ?? http.RequestTimeout,
            };
            timeouts.RejectUnknown("timeouts");
        }

        if (root.Value("max-response-bytes") is { } max)
        {
            if (long.TryParse(max.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) && bytes > 0)
            {
                http = http with { MaxResponseBytes = bytes };
            }
            else
            {
                root.Error(max.Line, $"max-response-bytes must be a positive whole number of bytes, not '{max.Text}'");
            }
        }

        if (root.Value("rate-limit") is { } rate)
        {
            if (double.TryParse(rate.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double perSecond) && perSecond > 0)
            {
                http = http with { MaxRequestsPerSecond = perSecond };
            }
            else
            {
                root.Error(rate.Line, $"rate-limit must be a positive number of requests per second, not '{rate.Text}'");
            }
        }

        if (root.Mapping("auth") is { } auth)
        {
            http = AuthSectionReader.Read(auth, context, http);
        }

        return root.Mapping("tls") is { } tls ? ReadTls(tls, context, http) : http;
    }

    private static TsaHttpOptions ReadTls(YamlFields tls, TargetFileContext context, TsaHttpOptions http)
    {
        if (tls.Value("ca-file") is { } caFile)
        {
            http = http with { ServerTrustAnchors = context.Certificates(tls, caFile, context.Resolve(caFile.Text), "TLS CA") };
        }

        if (tls.OptionalBool("insecure-skip-verify") is { } skip)
        {
            http = http with { InsecureSkipServerCertificateValidation = skip };
        }

        tls.RejectUnknown("tls");
        return http;
    }
}
