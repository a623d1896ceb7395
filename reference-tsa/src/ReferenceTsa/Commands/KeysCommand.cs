using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Certificates;
using ReferenceTsa.Events;
using ReferenceTsa.Protocol;
using ReferenceTsa.Signing;
using ReferenceTsa.Signing.Pkcs11;

namespace ReferenceTsa.Commands;

/// <summary>
/// Key ceremony verbs: `keys generate|csr|import-cert|show`. The PIN comes from --pin-env or --pin-file, never from
/// the command line, and is never printed. Each verb appends a dated entry to DATA/events.jsonl. Exit codes: 0 done;
/// 64 usage; 65 the input is wrong (label taken, key not on the token, certificate for another key or not a TSU
/// certificate); 66 an input file is missing; 69 the module or token is unavailable; 73 an output cannot be written;
/// 77 the token refused the PIN.
/// </summary>
public static class KeysCommand
{
    public const string SoftHsmModule = "/usr/lib/softhsm/libsofthsm2.so";

    private sealed record Common(
        Option<string> Module, Option<string> TokenLabel, Option<ulong?> Slot, Option<string> KeyLabel, Option<string> KeyId,
        Option<string> PinEnv, Option<string> PinFile, Option<string> SoftHsmConf, Option<string> Data,
        Option<string> Operator, Option<string[]> Witness)
    {
        public IEnumerable<Option> All => [Module, TokenLabel, Slot, KeyLabel, KeyId, PinEnv, PinFile, SoftHsmConf, Data, Operator, Witness];
    }

    public static Command Create()
    {
        var keys = new Command("keys", "Key ceremony: generate a TSU key inside a PKCS#11 token, request and import its certificate, show it");
        keys.Subcommands.Add(Generate());
        keys.Subcommands.Add(Csr());
        keys.Subcommands.Add(ImportCertificate());
        keys.Subcommands.Add(Show());
        return keys;
    }

    private static Common CommonOptions() => new(
        new Option<string>("--module") { Description = $"PKCS#11 module (default {SoftHsmModule})" },
        new Option<string>("--token-label") { Description = "Token label" },
        new Option<ulong?>("--slot") { Description = "Slot ID (instead of --token-label)" },
        new Option<string>("--key-label") { Description = "CKA_LABEL of the key" },
        new Option<string>("--key-id") { Description = "CKA_ID of the key, hex" },
        new Option<string>("--pin-env") { Description = "Environment variable holding the user PIN" },
        new Option<string>("--pin-file") { Description = "File holding the user PIN" },
        new Option<string>("--softhsm-conf") { Description = "SoftHSM2 only: its configuration file (sets SOFTHSM2_CONF before loading)" },
        new Option<string>("--data") { Description = $"Data directory whose events.jsonl records the ceremony (default ./{ServeCommand.DefaultDataDirectory})" },
        new Option<string>("--operator") { Description = "Name of the person performing the ceremony step (recorded in the event)" },
        new Option<string[]>("--witness") { Description = "Name of a witness (repeatable; recorded in the event)", AllowMultipleArgumentsPerToken = false });

    private static Command Generate()
    {
        var common = CommonOptions();
        var algorithm = new Option<string>("--algorithm") { Description = "rsa-3072, rsa-4096, ecdsa-p256 or ecdsa-p384", Required = true };
        var publicOut = new Option<string>("--public-key-out") { Description = "Write the public key (PEM SubjectPublicKeyInfo) here" };
        var command = new Command("generate", "Generate a TSU key pair inside the token (sensitive, never extractable)") { algorithm, publicOut };
        common.All.ToList().ForEach(command.Options.Add);
        command.SetAction(parse => Run(parse, common, "key.generated", (ceremony, selector, events) =>
        {
            if (!Pkcs11KeyCeremony.TryParseAlgorithm(parse.GetValue(algorithm), out var alg))
            {
                throw new UsageException($"--algorithm '{parse.GetValue(algorithm)}' is not one of rsa-3072, rsa-4096, ecdsa-p256, ecdsa-p384");
            }

            if (selector.Label is null)
            {
                throw new UsageException("--key-label is required");
            }

            var (key, spki) = ceremony.Generate(alg, selector.Label, selector.Id);
            var (_, attributes, _) = ceremony.Describe(key);
            if (parse.GetValue(publicOut) is { } path)
            {
                File.WriteAllText(path, PemEncoding.WriteString("PUBLIC KEY", spki) + "\n");
            }

            PrintKey(attributes, spki);
            return (Pkcs11KeyCeremony.Reference(attributes, spki), new Dictionary<string, string> { ["algorithm"] = alg.ToString() });
        }));
        return command;
    }

    private static Command Csr()
    {
        var common = CommonOptions();
        var subject = new Option<string>("--subject") { Description = "Subject DN, e.g. \"CN=TSU 1, 2.5.4.97=NTRNO-000000000, O=Example, C=NO\"", Required = true };
        var scheme = new Option<string>("--scheme") { Description = "rsa-pkcs1 (default for RSA), rsa-pss or ecdsa" };
        var digest = new Option<string>("--digest") { Description = "SHA256 (default), SHA384 or SHA512" };
        var output = new Option<string>("--out") { Description = "Where to write the PEM request", Required = true };
        var command = new Command("csr", "Create a PKCS#10 request for a TSU certificate, signed inside the token") { subject, scheme, digest, output };
        common.All.ToList().ForEach(command.Options.Add);
        command.SetAction(parse => Run(parse, common, "key.csr-created", (ceremony, selector, events) =>
        {
            var (_, attributes, spki) = ceremony.Describe(selector);
            var signatureScheme = ParseScheme(parse.GetValue(scheme), attributes);
            var digestAlgorithm = DigestAlgorithm.FromName(parse.GetValue(digest) ?? "SHA256") ?? throw new UsageException("--digest is not SHA256, SHA384 or SHA512");
            byte[] request = ceremony.CreateSigningRequest(selector, signatureScheme, digestAlgorithm, new X500DistinguishedName(parse.GetValue(subject)!));
            File.WriteAllText(parse.GetValue(output)!, PemEncoding.WriteString("CERTIFICATE REQUEST", request) + "\n");
            Console.WriteLine($"Wrote {parse.GetValue(output)} (signed inside the token with {signatureScheme}/{digestAlgorithm})");
            return (Pkcs11KeyCeremony.Reference(attributes, spki), new Dictionary<string, string>
            {
                ["subject"] = parse.GetValue(subject)!,
                ["requestSha256"] = Convert.ToHexStringLower(SHA256.HashData(request)),
            });
        }));
        return command;
    }

    private static Command ImportCertificate()
    {
        var common = CommonOptions();
        var certificate = new Option<string>("--cert") { Description = "The TSU certificate (PEM or DER)", Required = true };
        var scheme = new Option<string>("--scheme") { Description = "How the key signs: rsa-pkcs1 (default for RSA), rsa-pss or ecdsa" };
        var policy = new Option<string>("--crypto-policy")
        {
            Description = "Algorithm policy file (spec/crypto format) the certificate must pass: scheme and key size accepted, notAfter and "
                          + "privateKeyUsagePeriod within the algorithm's end date (give the one the production TSA is configured with)",
        };
        var command = new Command("import-cert", "Check a TSU certificate against the key and store it on the token with the key's CKA_ID") { certificate, scheme, policy };
        common.All.ToList().ForEach(command.Options.Add);
        command.SetAction(parse => Run(parse, common, "key.certificate-imported", (ceremony, selector, events) =>
        {
            var (_, attributes, spki) = ceremony.Describe(selector);
            using var cert = LoadCertificate(parse.GetValue(certificate)!);
            var signatureScheme = ParseScheme(parse.GetValue(scheme), attributes);
            if (parse.GetValue(policy) is { } policyFile)
            {
                if (!File.Exists(policyFile))
                {
                    throw new MissingInputException($"--crypto-policy {policyFile} does not exist");
                }

                TsuCryptoPolicy cryptoPolicy;
                try
                {
                    cryptoPolicy = TsuCryptoPolicy.Load(policyFile);
                }
                catch (InvalidDataException e)
                {
                    throw new KeyCeremonyRefusedException($"--crypto-policy: {e.Message}");
                }

                if (cryptoPolicy.Problems(cert, signatureScheme) is { Count: > 0 } problems)
                {
                    throw new KeyCeremonyRefusedException($"{cert.Subject} fails the crypto policy {cryptoPolicy.Id}: {string.Join("; ", problems)}");
                }
            }

            ceremony.ImportCertificate(selector, signatureScheme, cert, DateTimeOffset.UtcNow);
            Console.WriteLine($"Stored {cert.Subject} (SHA-256 {cert.GetCertHashString(HashAlgorithmName.SHA256)}) with CKA_ID {Convert.ToHexStringLower(attributes.Id)}");
            return (Pkcs11KeyCeremony.Reference(attributes, spki), new Dictionary<string, string>
            {
                ["certificateSha256"] = cert.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant(),
                ["subject"] = cert.Subject,
            });
        }));
        return command;
    }

    private static Command Show()
    {
        var common = CommonOptions();
        var command = new Command("show", "Show the key's attributes, public key fingerprint and its certificate on the token");
        common.All.ToList().ForEach(command.Options.Add);
        command.SetAction(parse => Run(parse, common, "key.shown", (ceremony, selector, events) =>
        {
            var (_, attributes, spki) = ceremony.Describe(selector);
            PrintKey(attributes, spki);
            using var cert = ceremony.FindCertificate(attributes.Id);
            if (cert is null)
            {
                Console.WriteLine("Certificate: none on the token");
            }
            else
            {
                bool matches = cert.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(spki);
                var usage = PrivateKeyUsagePeriod.FromCertificate(cert);
                Console.WriteLine($"Certificate: {cert.Subject}");
                Console.WriteLine($"  issuer: {cert.Issuer}");
                Console.WriteLine($"  serial: {cert.SerialNumber}");
                Console.WriteLine($"  SHA-256: {cert.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant()}");
                Console.WriteLine($"  validity: {cert.NotBefore.ToUniversalTime():u} to {cert.NotAfter.ToUniversalTime():u}");
                Console.WriteLine(usage is null
                    ? "  privateKeyUsagePeriod: absent"
                    : $"  privateKeyUsagePeriod: {usage.NotBefore:u} to {usage.NotAfter:u}");
                Console.WriteLine($"  public key equals the token key's: {(matches ? "yes" : "NO")}");
            }

            return (Pkcs11KeyCeremony.Reference(attributes, spki), null);
        }));
        return command;
    }

    private static void PrintKey(Pkcs11KeyAttributes a, byte[] spki)
    {
        Console.WriteLine($"Key: label '{a.Label}', CKA_ID {Convert.ToHexStringLower(a.Id)}, type {a.KeyType}");
        Console.WriteLine($"  CKA_TOKEN {a.Token}, CKA_PRIVATE {a.Private}, CKA_SIGN {a.Sign}");
        // CKA_LOCAL: generated on the token (C_GenerateKeyPair), not imported; what EN 319 421 TIS-7.6.2 asks of a TSU key.
        Console.WriteLine($"  CKA_LOCAL {a.Local}{(a.Local ? " (generated on the token)" : " (NOT generated on the token, or the token does not say)")}");
        Console.WriteLine($"  CKA_SENSITIVE {a.Sensitive}, CKA_ALWAYS_SENSITIVE {a.AlwaysSensitive}, CKA_EXTRACTABLE {a.Extractable}, CKA_NEVER_EXTRACTABLE {a.NeverExtractable}");
        var problems = a.GateProblems();
        Console.WriteLine(problems.Count == 0 ? "  usable as a TSU key: yes" : $"  usable as a TSU key: NO ({string.Join("; ", problems)})");
        Console.WriteLine($"  public key SHA-256 (SubjectPublicKeyInfo): {Convert.ToHexStringLower(SHA256.HashData(spki))}");
    }

    private static SignatureScheme ParseScheme(string? text, Pkcs11KeyAttributes attributes) => text?.ToLowerInvariant() switch
    {
        null => attributes.KeyType == Net.Pkcs11Interop.Common.CKK.CKK_EC ? SignatureScheme.Ecdsa : SignatureScheme.RsaPkcs1,
        _ => SignatureSchemeNames.Parse(text) ?? throw new UsageException($"--scheme '{text}' is not one of {SignatureSchemeNames.Known}"),
    };

    /// <summary>The certificate to import, PEM or DER; a file that holds none is a data error naming the file.</summary>
    private static X509Certificate2 LoadCertificate(string path)
    {
        if (!File.Exists(path))
        {
            throw new MissingInputException($"--cert {path} does not exist");
        }

        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException e)
        {
            throw new KeyCeremonyRefusedException($"--cert {path}: not an X.509 certificate in PEM or DER ({e.Message})");
        }
    }

    private sealed class UsageException(string message) : Exception(message);

    private sealed class MissingInputException(string message) : Exception(message);

    private static int Run(ParseResult parse, Common common, string eventName,
        Func<Pkcs11KeyCeremony, Pkcs11KeySelector, ITsaEventLog, (KeyReference Key, Dictionary<string, string>? Details)> action)
    {
        try
        {
            return RunCeremony(parse, common, eventName, action);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.Usage;
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"--key-id: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (KeyCeremonyRefusedException e)
        {
            Console.Error.WriteLine($"keys: refused: {e.Message}");
            return ExitCodes.DataError;
        }
        catch (MissingInputException e)
        {
            Console.Error.WriteLine($"keys: {e.Message}");
            return ExitCodes.NoInput;
        }
        catch (Net.Pkcs11Interop.Common.Pkcs11Exception e) when (e.RV is Net.Pkcs11Interop.Common.CKR.CKR_PIN_INCORRECT
                                                                    or Net.Pkcs11Interop.Common.CKR.CKR_PIN_LOCKED
                                                                    or Net.Pkcs11Interop.Common.CKR.CKR_PIN_EXPIRED
                                                                    or Net.Pkcs11Interop.Common.CKR.CKR_PIN_LEN_RANGE)
        {
            Console.Error.WriteLine($"keys: the token refused the user PIN ({e.RV}); check --pin-env/--pin-file (a locked PIN needs the SO)");
            return ExitCodes.NoPermission;
        }
        catch (Exception e) when (e is Net.Pkcs11Interop.Common.Pkcs11Exception or Pkcs11UnavailableException
                                      or Net.Pkcs11Interop.Common.UnmanagedException or InvalidOperationException or CryptographicException)
        {
            string module = parse.GetValue(common.Module) ?? SoftHsmModule;
            Console.Error.WriteLine(e is Net.Pkcs11Interop.Common.UnmanagedException
                ? $"keys: cannot load the PKCS#11 module {module}: {e.Message}"
                : $"keys: the PKCS#11 module or token is unavailable: {Pkcs11Token.Describe(e)}");
            return ExitCodes.Unavailable;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"keys: cannot write: {e.Message}");
            return ExitCodes.CannotCreate;
        }
    }

    /// <summary>
    /// Opens the token the options name (exactly one of label and slot; the key by label and/or id; the PIN from its
    /// variable or file), runs the ceremony step, and records it with who performed and witnessed it.
    /// </summary>
    private static int RunCeremony(ParseResult parse, Common common, string eventName,
        Func<Pkcs11KeyCeremony, Pkcs11KeySelector, ITsaEventLog, (KeyReference Key, Dictionary<string, string>? Details)> action)
    {
        string module = Path.GetFullPath(parse.GetValue(common.Module) ?? SoftHsmModule);
        string? tokenLabel = parse.GetValue(common.TokenLabel);
        ulong? slot = parse.GetValue(common.Slot);
        if ((tokenLabel is null) == (slot is null))
        {
            throw new UsageException("give exactly one of --token-label and --slot");
        }

        string? keyLabel = parse.GetValue(common.KeyLabel);
        byte[]? keyId = parse.GetValue(common.KeyId) is { } hex ? Convert.FromHexString(hex.Replace(":", "", StringComparison.Ordinal)) : null;
        if (keyLabel is null && keyId is null)
        {
            throw new UsageException("give --key-label, --key-id or both");
        }

        string pin = ReadPin(parse.GetValue(common.PinEnv), parse.GetValue(common.PinFile));
        if (parse.GetValue(common.SoftHsmConf) is { } softHsmConf && !File.Exists(softHsmConf))
        {
            throw new MissingInputException($"--softhsm-conf {softHsmConf} does not exist");
        }

        if (parse.GetValue(common.SoftHsmConf) is { } conf)
        {
            NativeEnvironment.Set("SOFTHSM2_CONF", Path.GetFullPath(conf));
        }

        string dataDirectory = Path.GetFullPath(parse.GetValue(common.Data) ?? ServeCommand.DefaultDataDirectory);
        var events = JsonLinesEventLog.InDirectory(dataDirectory);
        var tokenSelector = new Pkcs11TokenSelector(module, tokenLabel, slot);
        using var ceremony = Pkcs11KeyCeremony.Open(tokenSelector, pin);
        var (key, details) = action(ceremony, new Pkcs11KeySelector(keyLabel, keyId), events);
        var all = new Dictionary<string, string>(details ?? []) { ["token"] = tokenSelector.ToString() };
        // Who performed and who witnessed the step (EN 319 421 / EN 319 401 key ceremony records name the people).
        if (parse.GetValue(common.Operator) is { Length: > 0 } person)
        {
            all["operator"] = person;
        }

        if (parse.GetValue(common.Witness) is { Length: > 0 } witnesses)
        {
            all["witnesses"] = string.Join("; ", witnesses);
        }

        events.Append(eventName, key, all);
        RecordInEvidenceLog(dataDirectory, eventName, key, all);
        return ExitCodes.Ok;
    }

    private static string ReadPin(string? variable, string? file)
    {
        if ((variable is null) == (file is null))
        {
            throw new UsageException("give exactly one of --pin-env and --pin-file (the PIN is never taken from the command line)");
        }

        if (file is not null && !File.Exists(file))
        {
            throw new MissingInputException($"--pin-file {file} does not exist");
        }

        string? pin = variable is not null ? Environment.GetEnvironmentVariable(variable) : File.ReadAllText(file!).TrimEnd('\r', '\n');
        return string.IsNullOrEmpty(pin) ? throw new UsageException($"no PIN in {(variable is not null ? "$" + variable : file)}") : pin;
    }

    /// <summary>
    /// A ceremony on the data directory of a TSA that already keeps an evidence log (DIR/evidence.sqlite) is also a
    /// key event of that log (EN 319 421 OVR-7.12-02), chained like every other record; SQLite lets the ceremony
    /// append while the TSA runs. A TSA whose log is in PostgreSQL keeps the ceremony in events.jsonl only.
    /// </summary>
    private static void RecordInEvidenceLog(string dataDirectory, string eventName, KeyReference key, IReadOnlyDictionary<string, string> details)
    {
        string path = Path.Combine(dataDirectory, EvidenceLog.SqliteEvidenceLog.FileName);
        if (!File.Exists(path))
        {
            return;
        }

        using var evidence = new EvidenceLog.SqliteEvidenceLog(path);
        ((Events.ITsaEventLog)evidence).Append(eventName, key, details);
        Console.Error.WriteLine($"keys: {eventName} recorded in the evidence log {path}");
    }
}
