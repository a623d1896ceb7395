namespace Conformance.Runner.Results;

/// <summary>
/// What the verdict rules need from a set of scenario results, accumulated one result at a time: counts per status and
/// grade, the first requirement ids of each kind of finding, and the notes' conditions. inspect adds the results of each
/// file as the file finishes and keeps no result itself, so the run's memory does not grow with its scenarios;
/// <see cref="VerdictRules.Decide"/> is this tally over a list, so both paths give the same verdict and reason.
/// </summary>
public sealed class VerdictTally
{
    /// <summary>How many requirement ids a reason names per kind of finding.</summary>
    private const int IdsNamed = 10;

    private readonly Kind _nonconformities = new(), _errors = new(), _mandatorySkipped = new(), _mandatoryNeedsEvidence = new();
    private readonly Kind _observations = new(), _informative = new();
    private int _total, _passed, _failed, _error, _skipped, _notApplicable, _needsEvidence;
    private bool _strictRaised, _chainNotChecked, _signatureWithoutCertificate, _signaturePassed;

    public static VerdictTally Of(IEnumerable<ScenarioResult> results)
    {
        var tally = new VerdictTally();
        foreach (ScenarioResult result in results)
        {
            tally.Add(result);
        }

        return tally;
    }

    public void Add(ScenarioResult r)
    {
        _total++;
        switch (r.Status)
        {
            case ScenarioStatus.Passed: _passed++; break;
            case ScenarioStatus.Failed: _failed++; break;
            case ScenarioStatus.Error: _error++; _errors.Add(r); break;
            case ScenarioStatus.Skipped: _skipped++; break;
            case ScenarioStatus.NotApplicable: _notApplicable++; break;
            case ScenarioStatus.NeedsEvidence: _needsEvidence++; break;
        }

        switch (r.EffectiveGrade)
        {
            case FindingGrade.Nonconformity: _nonconformities.Add(r); break;
            case FindingGrade.Observation: _observations.Add(r); break;
            case FindingGrade.Informative: _informative.Add(r); break;
        }

        if (r.Status == ScenarioStatus.Skipped && r.Severity == "must")
        {
            _mandatorySkipped.Add(r);
        }

        if (r.Status == ScenarioStatus.NeedsEvidence && r.Severity == "must")
        {
            _mandatoryNeedsEvidence.Add(r);
        }

        _strictRaised |= r.Grade == FindingGrade.Nonconformity && r.Findings.Any(f => f.Grade == FindingGrade.Observation);
        _chainNotChecked |= VerdictRules.IsChainNotChecked(r);
        if (r.RequirementIds.Contains(VerdictRules.SignatureRequirementId, StringComparer.Ordinal))
        {
            _signatureWithoutCertificate |= r.Status == ScenarioStatus.NotApplicable && r.Message?.Contains("no certificates", StringComparison.OrdinalIgnoreCase) == true;
            _signaturePassed |= r.Status == ScenarioStatus.Passed;
        }
    }

    public int Total => _total;

    public ResultCounts Counts => new(_total, _passed, _failed, _error, _skipped, _notApplicable, _needsEvidence,
        _nonconformities.Count, _observations.Count, _informative.Count);

    /// <summary>The chain note's condition (<see cref="VerdictRules.ChainNotChecked"/>) over every result added.</summary>
    public bool ChainNotChecked => _chainNotChecked;

    /// <summary>The signature note's condition (<see cref="VerdictRules.SignatureNotChecked"/>) over every result added.</summary>
    public bool SignatureNotChecked => _signatureWithoutCertificate && !_signaturePassed;

    /// <summary>The rules of <see cref="VerdictRules.Decide"/> over every result added.</summary>
    public (Verdict Verdict, string Reason) Decide(IReadOnlyCollection<string> problems, bool strict)
    {
        string notes = Notes(strict);
        if (_nonconformities.Count > 0)
        {
            return (Verdict.NonConformant, $"{_nonconformities.Count} nonconformit{(_nonconformities.Count == 1 ? "y" : "ies")}: {_nonconformities.Ids}{notes}");
        }

        if (_errors.Count > 0)
        {
            return (Verdict.Incomplete, $"{_errors.Count} scenario(s) could not be checked: {_errors.Ids}{notes}");
        }

        if (_mandatorySkipped.Count > 0)
        {
            return (Verdict.Incomplete, $"{_mandatorySkipped.Count} mandatory scenario(s) did not run: {_mandatorySkipped.Ids}{notes}");
        }

        // Not passed, not failed: a mandatory requirement that could only be shown by attested evidence withholds the verdict.
        if (_mandatoryNeedsEvidence.Count > 0)
        {
            return (Verdict.Incomplete, $"{_mandatoryNeedsEvidence.Count} mandatory scenario(s) need attested evidence: {_mandatoryNeedsEvidence.Ids}{notes}");
        }

        if (problems.Count > 0)
        {
            return (Verdict.Incomplete, $"{problems.Count} problem(s) prevented part of the run: {problems.First()}{notes}");
        }

        if (_passed == 0)
        {
            return (Verdict.Incomplete, (_total == 0 ? "no scenario was selected" : "no scenario could be checked") + notes);
        }

        return (Verdict.Conformant, _failed > 0
            ? $"no nonconformity ({_passed} applicable scenario(s) passed){notes}"
            : $"all {_passed} applicable scenario(s) passed{notes}");
    }

    /// <summary>What the reason adds whatever the verdict: observations, informative findings, and an unchecked chain or signature.</summary>
    private string Notes(bool strict)
    {
        var notes = new List<string>();
        if (_observations.Count > 0)
        {
            notes.Add($"{_observations.Count} observation(s): {_observations.Ids}");
        }

        if (_informative.Count > 0)
        {
            notes.Add($"{_informative.Count} informative finding(s): {_informative.Ids}");
        }

        if (strict && _strictRaised)
        {
            notes.Add("--strict: observations counted as nonconformities");
        }

        if (_chainNotChecked)
        {
            notes.Add(VerdictRules.ChainNotCheckedNote);
        }

        if (SignatureNotChecked)
        {
            notes.Add(VerdictRules.SignatureNotCheckedNote);
        }

        return notes.Count == 0 ? "" : "; " + string.Join("; ", notes);
    }

    /// <summary>One kind of finding: how many results, and the first distinct requirement ids (a scenario's name when it has none).</summary>
    private sealed class Kind
    {
        private readonly List<string> _ids = [];

        public int Count { get; private set; }

        public string Ids => string.Join(", ", _ids);

        public void Add(ScenarioResult r)
        {
            Count++;
            if (_ids.Count >= IdsNamed)
            {
                return;
            }

            foreach (string id in r.RequirementIds.DefaultIfEmpty(r.Name))
            {
                if (_ids.Count < IdsNamed && !_ids.Contains(id, StringComparer.Ordinal))
                {
                    _ids.Add(id);
                }
            }
        }
    }
}
