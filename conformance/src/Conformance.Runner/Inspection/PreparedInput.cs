using Conformance.Checks.Evidence;
using Conformance.Checks.Protocol;
using Conformance.Runner.Results;
using Conformance.Steps.Context;

namespace Conformance.Runner.Inspection;

/// <summary>One stored file, read and decoded once, its bytes and certificates saved as evidence.</summary>
internal sealed record PreparedInput(string File, StoredToken Token, ServiceUnderTest Service, IReadOnlyList<string> Evidence)
{
    public static PreparedInput Read(string file, EvidenceStore store, RunOptions options)
    {
        StoredToken token = StoredToken.Read(file);
        string label = "input-" + Path.GetFileNameWithoutExtension(file);
        var evidence = new List<string>();
        if (token.Bytes.Length > 0)
        {
            string extension = token.Kind == "TimeStampResp" ? "tsr" : token.Kind == "TimeStampToken" ? "tst" : "bin";
            evidence.Add(store.Save(label, extension, token.Bytes));
        }

        if (token.Response?.TokenBytes is { } tokenBytes)
        {
            evidence.AddRange(TokenEvidence.Save(store, label, tokenBytes, token.Token, shareCertificates: true));
        }
        else if (token.Token is not null)
        {
            evidence.AddRange(TokenEvidence.Save(store, label, null, token.Token, shareCertificates: true));
        }

        var declarations = TargetDefinition.None with { TrustAnchors = options.TrustAnchors, TrustedLists = options.TrustedLists };
        return new PreparedInput(file, token, ServiceUnderTest.Offline(token, declarations), [.. evidence.Where(e => e != EvidenceStore.NotStored)]);
    }

    /// <summary>The file's verdict from its scenario results (and the --data imprint check).</summary>
    public InputResult Judge(IReadOnlyList<ScenarioResult> scenarioResults, DataImprintCheck? dataCheck, RunOptions options)
    {
        IReadOnlyList<ScenarioResult> results = dataCheck is null
            ? scenarioResults
            : [.. scenarioResults, dataCheck.Judge(Token, options.Weights, options.Selection.Strict)];
        (Verdict verdict, string reason) = VerdictRules.Decide(results, Token.Error is null ? [] : [Token.Error], options.Selection.Strict);
        return new InputResult
        {
            File = File,
            Kind = Token.Kind.Length == 0 ? null : Token.Kind,
            Encoding = Token.Encoding,
            Error = Token.Error,
            ResponseStatus = Token.ResponseStatus,
            Verdict = verdict,
            VerdictReason = reason,
            Scenarios = results,
            Evidence = Evidence,
            Token = TokenSummary.Of(Token),
        };
    }
}
