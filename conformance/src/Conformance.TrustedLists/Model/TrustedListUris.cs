namespace Conformance.TrustedLists.Model;

/// <summary>Namespaces and identifiers of ETSI TS 119 612 that the reader and the qualification decision use.</summary>
public static class TrustedListUris
{
    public const string TslNamespace = "http://uri.etsi.org/02231/v2#";
    public const string AdditionalTypesNamespace = "http://uri.etsi.org/02231/v2/additionaltypes#";
    public const string DsNamespace = "http://www.w3.org/2000/09/xmldsig#";

    public const string QtstServiceType = "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST";
    public const string GenericTsaServiceType = "http://uri.etsi.org/TrstSvc/Svctype/TSA";

    public const string StatusPrefix = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/";
    public const string Granted = StatusPrefix + "granted";
    public const string Withdrawn = StatusPrefix + "withdrawn";

    /// <summary>Statuses under Directive 1999/93/EC, which count as "qualified" only for periods starting before eIDAS applied.</summary>
    public static readonly IReadOnlySet<string> DirectiveQualifyingStatuses = new HashSet<string>(StringComparer.Ordinal)
    {
        StatusPrefix + "undersupervision",
        StatusPrefix + "supervisionincessation",
        StatusPrefix + "accredited",
    };

    public const string ListOfListsType = "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists";

    /// <summary>The last segment of a type or status URI, for messages ("granted", "TSA/QTST").</summary>
    public static string Short(string uri)
    {
        foreach (string prefix in new[] { StatusPrefix, "http://uri.etsi.org/TrstSvc/Svctype/" })
        {
            if (uri.StartsWith(prefix, StringComparison.Ordinal))
            {
                return uri[prefix.Length..];
            }
        }

        return uri;
    }
}
