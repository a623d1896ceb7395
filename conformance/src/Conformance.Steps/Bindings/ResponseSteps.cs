using Conformance.Checks.Requirements;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>Outcome steps about the HTTP answer and the TimeStampResp.</summary>
[Binding]
public sealed class ResponseSteps(TimeStampingState state)
{
    [Then("the answer is one DER-encoded time-stamp response labelled application\\/timestamp-reply")]
    public void ThenTheAnswerIsADerTimeStampReply() =>
        TransportRequirements.ReplyIsDerWithTimestampReplyMediaType(state.Exchange);

    [Then("a successful HTTP status comes with a time-stamp response, never with another kind of document")]
    public void ThenASuccessStatusCarriesATimeStampResponse() =>
        TransportRequirements.SuccessStatusCarriesTimeStampResponse(state.Exchange);

    [Then("the request is granted")]
    public void ThenTheRequestIsGranted()
    {
        state.Token = RequestRequirements.RequestIsGranted(state.Exchange);
        state.TokenRequest = state.Exchange.Request;
    }
}
