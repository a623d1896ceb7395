using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Transport;
using Conformance.Yaml;

namespace Conformance.Runner.Targets;

/// <summary>auth: of a target file: basic or bearer credentials, extra headers, a TLS client certificate.</summary>
internal static class AuthSectionReader
{
    public static TsaHttpOptions Read(YamlFields auth, TargetFileContext context, TsaHttpOptions http)
    {
        if (auth.Mapping("basic") is { } basic)
        {
            YamlValue? user = basic.Value("user");
            if (user is null)
            {
                basic.Error(basic.Line, "auth.basic needs a user");
            }

            http = http with { BasicUser = user?.Text, BasicPassword = TargetFileContext.Secret(basic, "password") ?? "" };
            basic.RejectUnknown("auth.basic");
        }

        if (auth.Mapping("bearer") is { } bearer)
        {
            string? token = TargetFileContext.Secret(bearer, "token");
            if (token is null)
            {
                bearer.Error(bearer.Line, "auth.bearer needs token or token-env");
            }

            if (http.BasicUser is not null)
            {
                bearer.Error(bearer.Line, "auth.basic and auth.bearer both set the Authorization header; choose one");
            }

            http = http with { BearerToken = token };
            bearer.RejectUnknown("auth.bearer");
        }

        if (auth.Has("headers"))
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach ((YamlValue name, YamlValue value) in auth.TextMap("headers"))
            {
                headers[name.Text] = value.Text;
            }

            http = http with { Headers = headers };
        }

        if (auth.Mapping("client-certificate") is { } client)
        {
            http = ReadClientCertificate(client, context, http);
        }

        auth.RejectUnknown("auth");
        return http;
    }

    private static TsaHttpOptions ReadClientCertificate(YamlFields client, TargetFileContext context, TsaHttpOptions http)
    {
        YamlValue? file = client.Value("file");
        string? keyPath = client.Value("key") is { } key ? context.Resolve(key.Text) : null;
        string? password = TargetFileContext.Secret(client, "password");
        client.RejectUnknown("auth.client-certificate");
        if (file is not { } certificateFile)
        {
            client.Error(client.Line, "auth.client-certificate needs file (PKCS#12, or PEM certificate with key)");
            return http;
        }

        string certificatePath = context.Resolve(certificateFile.Text);
        try
        {
            X509Certificate2 certificate = keyPath is not null
                ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                : certificatePath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
                    ? X509Certificate2.CreateFromPemFile(certificatePath)
                    : X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password);
            if (!certificate.HasPrivateKey)
            {
                client.Error(certificateFile.Line, $"{certificatePath}: the client certificate has no private key (give key: or a PKCS#12 file)");
            }

            return http with { ClientCertificate = certificate };
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            client.Error(certificateFile.Line, $"{certificatePath}: cannot load the client certificate: {e.Message}");
            return http;
        }
    }
}
