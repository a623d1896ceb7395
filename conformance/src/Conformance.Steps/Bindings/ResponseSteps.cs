using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;
using Conformance.Checks.Transport;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>Outcome steps about the HTTP answer and the TimeStampResp.</summary>
[Binding]
public sealed class ResponseSteps(TimeStampingState state, ScenarioRequirements requirements)
{
    [Then("the answer is one DER-encoded time-stamp response labelled application\\/timestamp-reply")]
    public void ThenTheAnswerIsADerTimeStampReply() =>
        TransportRequirements.ReplyIsDerWithTimestampReplyMediaType(state.Exchange);

    [Then("a refusal given as a time-stamp response is one DER-encoded time-stamp response labelled application\\/timestamp-reply")]
    public void ThenTheRefusalIsADerTimeStampReply() =>
        TransportRequirements.RefusalIsDerWithTimestampReplyMediaType(state.Exchange);

    [Then("a successful HTTP status comes with a time-stamp response, never with another kind of document")]
    public void ThenASuccessStatusCarriesATimeStampResponse() =>
        TransportRequirements.SuccessStatusCarriesTimeStampResponse(state.Exchange);

    /// <summary>
    /// A valid request is granted. A refusal is the finding of the check's requirement (TSP-REQ-001) when the scenario
    /// is tagged with it; in a scenario checking something else (the nonce, certReq, ...) the refusal is a failed
    /// precondition: the scenario is not judged (error), and says so.
    /// </summary>
    [Then("the request is granted")]
    public void ThenTheRequestIsGranted()
    {
        state.Token = requirements.Precondition(() => RequestRequirements.RequestIsGranted(state.Exchange), "the valid request this check needs was not granted");
        state.TokenRequest = state.Exchange.Request;
    }

    /// <summary>A refusal: a rejection or an HTTP 4xx, and no token.</summary>
    [Then("the request is refused")]
    public void ThenRefused() => ResponseRequirements.RequestIsRefused(state.Exchange, "the request");

    /// <summary>A refusal whose TimeStampResp, if any, names one of the failInfo bits (names joined by " or ").</summary>
    [Then("the request is refused with failInfo {string}")]
    public void ThenRefusedWith(string bits) =>
        ResponseRequirements.RequestIsRefused(state.Exchange, "the request",
            [.. bits.Split(" or ").Select(b => Enum.Parse<PkiFailureInfo>(b.Trim(), ignoreCase: true))]);

    [Then("every hash algorithm is granted")]
    public void ThenEveryHashGranted() => RequestSeriesRequirements.EveryDeclaredHashGranted(state.Series);

    [Then("the imprint is stamped as given")]
    public void ThenImprintStamped() => RequestRequirements.ImprintIsStampedAsGiven(state.Exchange);

    [Then("every time-stamp response carries a token exactly when its status grants the request")]
    public void ThenResp001() => ForEachResponse(ResponseRequirements.TokenPresenceFollowsStatus);

    [Then("every time-stamp response uses only defined status values and failure bits")]
    public void ThenResp002() => ForEachResponse(ResponseRequirements.StatusAndFailInfoAreDefined);

    [Then("every rejection says why in failInfo")]
    public void ThenResp003() => ForEachResponse(ResponseRequirements.RejectionCarriesFailInfo);

    private void ForEachResponse(Action<string, TimeStampResponse> check)
    {
        if (state.StoredResponse is { } stored)
        {
            check("the stored response", stored);
            return;
        }

        int seen = 0;
        foreach ((string variation, TimeStampExchange exchange) in state.Series)
        {
            if (exchange.Http.IsSuccessStatus && exchange.Response is { } response)
            {
                seen++;
                check(variation, response);
            }
        }

        if (seen == 0)
        {
            // Let the first exchange explain what came back instead (HTTP error, not a time-stamp response, ...).
            state.Series.FirstOrDefault().Exchange?.RequireResponse();
            throw new TargetErrorException("no request was answered with a time-stamp response, so there was nothing to examine");
        }
    }
}
