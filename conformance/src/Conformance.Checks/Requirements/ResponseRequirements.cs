using System.Globalization;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Transport;

namespace Conformance.Checks.Requirements;

/// <summary>Refusals and response status: RFC 3161 §2.4.1, §2.4.2, §3.4.</summary>
public static class ResponseRequirements
{
    private const PkiFailureInfo Defined = PkiFailureInfo.BadAlg | PkiFailureInfo.BadRequest | PkiFailureInfo.BadDataFormat | PkiFailureInfo.TimeNotAvailable
        | PkiFailureInfo.UnacceptedPolicy | PkiFailureInfo.UnacceptedExtension | PkiFailureInfo.AddInfoNotAvailable | PkiFailureInfo.SystemFailure;

    /// <summary>
    /// A refused request: no token was issued. RFC 3161 allows the refusal as a TimeStampResp with a rejection status or
    /// as an HTTP error (§3.4). When <paramref name="expectedBits"/> is given and a TimeStampResp rejection came back,
    /// its failInfo has to contain at least one of them.
    /// </summary>
    public static void RequestIsRefused(TimeStampExchange exchange, string what, params PkiFailureInfo[] expectedBits)
    {
        int status = (int)exchange.Http.StatusCode;
        if (status is >= 400 and < 500)
        {
            return;
        }

        if (status >= 500)
        {
            throw new TargetErrorException($"{exchange.Http.Describe()}; expected a refusal (a rejection or an HTTP 4xx), got a server error");
        }

        TimeStampResponse response = exchange.RequireResponse();
        string expected = expectedBits.Length == 0
            ? "no token: rejection (2) or an HTTP error"
            : $"rejection (2) with failInfo {string.Join(" or ", expectedBits)}, or an HTTP error";
        if (response.IsGranted || response.TokenBytes is not null)
        {
            throw RequirementNotMetException.ForScenario($"{what} was not refused", expected, $"{response.StatusText}{(response.TokenBytes is null ? "" : ", with a token")}");
        }

        if (expectedBits.Length > 0 && (response.FailInfo is not { } failInfo || !expectedBits.Any(b => failInfo.HasFlag(b))))
        {
            throw RequirementNotMetException.ForScenario($"{what} was refused without the expected failInfo", expected,
                $"{response.StatusText}, failInfo {(response.FailInfo is { } f ? f.ToString() : "absent")}");
        }
    }

    /// <summary>TSP-RESP-001. RFC 3161 §2.4.2: status 0 or 1 comes with a token; any other status with none.</summary>
    public static void TokenPresenceFollowsStatus(string variation, TimeStampResponse response)
    {
        bool hasToken = response.TokenBytes is not null;
        if (response.IsGranted != hasToken)
        {
            throw new RequirementNotMetException("TSP-RESP-001", $"token presence does not follow the status ({variation})",
                response.IsGranted ? "a TimeStampToken with status 0/1" : "no TimeStampToken with a status other than 0/1",
                $"{response.StatusText}, {(hasToken ? "token present" : "no token")}");
        }
    }

    /// <summary>TSP-RESP-002. RFC 3161 §2.4.2: PKIStatus is 0..5 and failInfo uses only the eight defined bits.</summary>
    public static void StatusAndFailInfoAreDefined(string variation, TimeStampResponse response)
    {
        if (response.Status < 0 || response.Status > 5)
        {
            throw new RequirementNotMetException("TSP-RESP-002", $"PKIStatus is outside the defined values ({variation})", "0..5",
                response.Status.ToString(CultureInfo.InvariantCulture));
        }

        if (response.FailInfo is { } failInfo && (failInfo & ~Defined) != 0)
        {
            throw new RequirementNotMetException("TSP-RESP-002", $"failInfo uses bits RFC 3161 does not define ({variation})",
                "only badAlg, badRequest, badDataFormat, timeNotAvailable, unacceptedPolicy, unacceptedExtension, addInfoNotAvailable, systemFailure",
                $"0x{(long)failInfo:X} ({failInfo})");
        }
    }

    /// <summary>TSP-RESP-003. RFC 3161 §2.4.2: a rejection carries failInfo giving the reason.</summary>
    public static void RejectionCarriesFailInfo(string variation, TimeStampResponse response)
    {
        if (response.Status == 2 && response.FailInfo is null)
        {
            throw new RequirementNotMetException("TSP-RESP-003", $"a rejection carries no failInfo ({variation})", "failInfo present", "absent");
        }
    }
}
