using ReferenceTsa.Certificates;
using ReferenceTsa.Clock;
using ReferenceTsa.Defects;
using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Issuance;
using ReferenceTsa.Observability;
using ReferenceTsa.Tls;

namespace ReferenceTsa.Configuration;

/// <summary>
/// Validates <see cref="TsaOptions"/> and loads the TSUs. Any problem stops start-up with the setting named:
/// a TSA that cannot issue conformant tokens must not issue at all. Each section is checked where its concept lives
/// (<see cref="TsuSettings"/>, <see cref="EndpointSettings"/>, <see cref="QualifiedServiceSeparation"/>,
/// <see cref="ClockSettingsValidation"/>, <see cref="EvidenceLogSettings"/>, <see cref="DefectSettings"/>,
/// <see cref="TlsSettings"/>, <see cref="LoggingOptions"/>); this class only runs them in order and collects every
/// problem before refusing.
/// </summary>
public static class TimeStampingServiceLoader
{
    public static TimeStampingService Load(TsaOptions options, string baseDirectory, DateTimeOffset now, string source)
    {
        var problems = new List<ConfigurationProblem>();
        var tsus = new Dictionary<string, TimeStampingUnit>(StringComparer.Ordinal);
        try
        {
            LoadTsus(options, baseDirectory, now, tsus, problems);
            var endpoints = BuildEndpoints(options, tsus, problems);
            QualifiedServiceSeparation.Check(options.Endpoints, tsus, problems);
            bool development = DefectSettings.Mode(options) == TsaMode.Development;
            var clock = ClockSettingsValidation.Validate(options.Clock, endpoints, development, problems);
            var evidenceLog = EvidenceLogSettings.Validate(options.EvidenceLog, baseDirectory, problems);
            var defects = DefectSettings.Validate(options, problems);
            var tls = TlsSettings.Validate(options.Tls, baseDirectory, now, problems);
            var logging = LoggingOptions.Validate(options.Logging ?? new(), problems);
            string nodeName = ValidateServiceLimits(options, problems);
            if (problems.Count > 0)
            {
                throw new TsaConfigurationException(source, problems);
            }

            string dataDirectory = Path.GetFullPath(options.DataDirectory, baseDirectory);
            return new TimeStampingService([.. tsus.Values], endpoints, options.MaxRequestBytes, dataDirectory)
            {
                Clock = clock!, EvidenceLog = evidenceLog!, Defects = defects, Tls = tls, Logging = logging, ReadyzDetail = options.ReadyzDetail,
                SerialBlockSize = options.SerialBlockSize, NodeName = nodeName,
            };
        }
        catch
        {
            foreach (var tsu in tsus.Values)
            {
                tsu.Dispose();
            }

            throw;
        }
    }

    private static void LoadTsus(TsaOptions options, string baseDirectory, DateTimeOffset now,
        Dictionary<string, TimeStampingUnit> tsus, List<ConfigurationProblem> problems)
    {
        bool production = DefectSettings.Mode(options) == TsaMode.Production;
        var context = new TsuLoadContext(baseDirectory, Path.GetFullPath(options.DataDirectory, baseDirectory), now, options.AllowSoftwareKeys,
            TsuCryptoPolicy.Configured(options.CryptoPolicy, production, baseDirectory, problems),
            DefectSettings.Validate(options, []));
        foreach (var (name, tsuOptions) in options.Tsus)
        {
            var tsu = TsuSettings.Load(name, tsuOptions, context, problems);
            if (tsu is not null)
            {
                tsu.ExpiryWarning = TimeSpan.FromDays(Math.Clamp(options.ExpiryWarningDays, 0, 3650));
                tsus.Add(name, tsu);
            }
        }

        if (options.ExpiryWarningDays is < 0 or > 3650)
        {
            problems.Add(new("Tsa:ExpiryWarningDays", $"{options.ExpiryWarningDays} is outside 0 to 3650 days"));
        }
    }

    private static List<IssuancePolicy> BuildEndpoints(TsaOptions options, Dictionary<string, TimeStampingUnit> tsus,
        List<ConfigurationProblem> problems)
    {
        var endpoints = new List<IssuancePolicy>();
        foreach (var (name, endpointOptions) in options.Endpoints)
        {
            if (EndpointSettings.Build(name, endpointOptions, options.Endpoints, options.Tsus.Keys, tsus, problems) is { } endpoint)
            {
                endpoints.Add(endpoint);
            }
        }

        return endpoints;
    }

    /// <summary>The service-wide limits and the node name; returns the node name (default: the host name).</summary>
    private static string ValidateServiceLimits(TsaOptions options, List<ConfigurationProblem> problems)
    {
        if (options.Endpoints.Count == 0)
        {
            problems.Add(new("Tsa:Endpoints", "no service access point is configured"));
        }

        if (options.MaxRequestBytes is < 256 or > 1024 * 1024)
        {
            problems.Add(new("Tsa:MaxRequestBytes", $"{options.MaxRequestBytes} is outside 256 to 1048576"));
        }

        if (options.SerialBlockSize is < 1 or > 1_000_000)
        {
            problems.Add(new("Tsa:SerialBlockSize", $"{options.SerialBlockSize} is outside 1 to 1000000"));
        }

        string nodeName = options.NodeName ?? Environment.MachineName;
        if (nodeName.Length is < 1 or > 63 || !nodeName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problems.Add(new("Tsa:NodeName", $"'{nodeName}' is not 1 to 63 characters of letters, digits, '-', '_' and '.'"));
        }

        return nodeName;
    }
}
