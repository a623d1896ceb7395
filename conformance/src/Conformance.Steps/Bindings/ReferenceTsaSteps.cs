using System.Text;
using Conformance.Checks.Operator;
using Conformance.Checks.Outcomes;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>
/// White-box scenarios (TSP-REF-001..003, -005..-007): the operator starts a throw-away instance of the TSA with a
/// fault, cuts or skews its UTC sources, crashes it, or hands over its event log; the suite only talks RFC 3161 to it
/// and judges the answers. Without operator control these requirements need attested evidence.
/// </summary>
[Binding]
public sealed class ReferenceTsaSteps(ServiceUnderTest service, ScenarioEvidence evidence, ScenarioRequirements requirements)
{
    private static readonly TimeSpan DetectionWindow = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan HoldWindow = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan RecoveryWindow = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private IOperatedTsa? _tsa;
    private IssuanceProbe? _probe;
    private OperatedTsaSetup _setup = new();
    private DateTimeOffset _startedAt;
    private string _fault = "";
    private DateTimeOffset _sourcesChangedAt;
    private (DateTimeOffset From, DateTimeOffset To)? _lossWindow;
    private (DateTimeOffset From, DateTimeOffset To)? _recoveryWindow;
    private IReadOnlyList<IssuanceAttempt> _beforeCrash = [];
    private IReadOnlyList<IssuanceAttempt> _afterRestart = [];

    /// <summary>Titles of the timelines saved as evidence: the evidence label the host gave the scenario.</summary>
    private string Label => evidence.Label;

    [Given("the operator has started the TSA with UTC sources under its control")]
    public Task GivenControlledSources() => StartAsync(new OperatedTsaSetup { ControlledTimeSources = true });

    [Given("the operator has started the TSA in its own process")]
    public Task GivenOwnProcess() => StartAsync(new OperatedTsaSetup { Restartable = true });

    [Given("the operator has started the TSA with a TSU whose key usage period has ended")]
    public Task GivenKeyExpired() => StartAsync(new OperatedTsaSetup { Fault = TsuFault.KeyUsagePeriodEnded });

    [Given("the operator has started the TSA with a TSU whose key usage period ends while it runs")]
    public Task GivenKeyExpiresDuringOperation() => StartAsync(new OperatedTsaSetup { Fault = TsuFault.KeyUsageEndsDuringOperation, KeyUsageEndsAfter = TimeSpan.FromSeconds(4) });

    [Given("the operator has started the TSA with a TSU whose certificate is not loaded")]
    public Task GivenNoCertificate() => StartAsync(new OperatedTsaSetup { Fault = TsuFault.CertificateMissing });

    [Given("the operator has started the TSA with the qualified TSU also serving the non-qualified endpoint")]
    public Task GivenQualifiedTsuOnBothEndpoints() => StartAsync(new OperatedTsaSetup { Fault = TsuFault.QualifiedTsuServesNonQualifiedEndpoint });

    [Given("the operator has started the TSA with the qualified and the non-qualified TSU under one subject name")]
    public Task GivenSharedSubjectName() => StartAsync(new OperatedTsaSetup { Fault = TsuFault.QualifiedAndNonQualifiedTsuShareSubjectName });

    [Given("the TSA issues time-stamps")]
    [When("the TSA issues time-stamps")]
    public async Task GivenItIssues()
    {
        IssuanceAttempt? granted = await Probe.PollAsync(Url, a => a.Granted, RecoveryWindow, Interval, service.CancellationToken);
        if (granted is null)
        {
            throw new TargetErrorException($"the instance ({_setup.Describe()}) issued no time-stamp within {RecoveryWindow.TotalSeconds:0} s of its start, so it cannot show what changes afterwards: {Probe.Timeline.LastOrDefault()}");
        }
    }

    [When("every UTC source stops answering")]
    public async Task WhenSourcesStop()
    {
        _fault = "every UTC source stopped answering";
        Probe.Note(_fault);
        _sourcesChangedAt = Probe.Now;
        await Operated.StopTimeSourcesAsync(service.CancellationToken);
    }

    [When("every UTC source reports a time {int} seconds off")]
    public async Task WhenSourcesOff(int seconds)
    {
        _fault = $"every UTC source reported a time {seconds} s off";
        Probe.Note(_fault);
        _sourcesChangedAt = Probe.Now;
        await Operated.OffsetTimeSourcesAsync(TimeSpan.FromSeconds(seconds), service.CancellationToken);
    }

    [When("the UTC sources answer again")]
    public async Task WhenSourcesRecover()
    {
        Probe.Note("the UTC sources answer correctly again");
        _sourcesChangedAt = Probe.Now;
        await Operated.RestoreTimeSourcesAsync(service.CancellationToken);
    }

    [Then("the TSA stops issuing time-stamps and refuses with timeNotAvailable or systemFailure")]
    [When("the TSA stops issuing time-stamps and refuses with timeNotAvailable or systemFailure")]
    public async Task ThenIssuanceStops()
    {
        DateTimeOffset cut = _sourcesChangedAt;
        IssuanceAttempt? refusal = await Probe.PollAsync(Url, a => !a.Granted, DetectionWindow, Interval, service.CancellationToken);
        IReadOnlyList<IssuanceAttempt> whileDown = refusal is null ? [] : await Probe.SampleAsync(Url, HoldWindow, Interval, service.CancellationToken);
        Probe.SaveTimeline($"{Label}: {_fault}");
        requirements.Precondition(() => OperatorRequirements.IssuanceStopped(refusal, whileDown, _fault, DetectionWindow), $"the TSA did not stop issuing after {_fault}");
        _lossWindow = (cut, refusal!.ReceivedAt);
    }

    [Then("the TSA issues time-stamps again")]
    [When("the TSA issues time-stamps again")]
    public async Task ThenIssuanceResumes()
    {
        DateTimeOffset restored = _sourcesChangedAt;
        IssuanceAttempt? granted = await Probe.PollAsync(Url, a => a.Granted, RecoveryWindow, Interval, service.CancellationToken);
        Probe.SaveTimeline($"{Label}: recovery");
        requirements.Precondition(() => OperatorRequirements.IssuanceResumed(granted, RecoveryWindow), "the TSA did not issue again after its UTC sources recovered");
        _recoveryWindow = (restored, granted!.ReceivedAt);
    }

    [When("the TSU key's usage period has ended")]
    public async Task WhenKeyUsageEnded()
    {
        TimeSpan wait = _startedAt + _setup.KeyUsageEndsAfter + TimeSpan.FromMilliseconds(500) - Probe.Now;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, service.CancellationToken);
        }

        Probe.Note("the TSU key's usage period has ended");
    }

    [Then("the TSA refuses this configuration")]
    public void ThenConfigurationRefused()
    {
        OperatorRequirements.ConfigurationRefused(requirements.Citation, _fault, Operated.StartRefusal, $"{Operated.NonQualifiedUrl} and {Operated.QualifiedUrl}");
        SaveText("refusal", $"The TSA refused to start ({_fault}):{Environment.NewLine}{Operated.StartRefusal}");
    }

    /// <summary>The fault is set on the TSU behind the non-qualified endpoint; the other TSU may well go on issuing.</summary>
    [Then("the TSU issues no time-stamp")]
    public async Task ThenNoTimeStamp()
    {
        if (Operated.StartRefusal is { } refusal)
        {
            SaveText("refusal", $"The TSA refused to start ({_fault}):{Environment.NewLine}{refusal}");
            return;
        }

        var attempts = new List<IssuanceAttempt>();
        for (int i = 0; i < 5; i++)
        {
            attempts.Add(await Probe.RequestAsync(Url, service.CancellationToken));
        }

        Probe.SaveTimeline($"{Label}: requests to the TSU with {_fault}");
        OperatorRequirements.NoTokenWithFault(requirements.Citation, _fault, null, attempts);
    }

    [When("the TSA is killed while it is issuing time-stamps under load and started again")]
    public async Task WhenCrashedUnderLoad()
    {
        CrashUnderLoadResult result = await new CrashUnderLoad(Probe, Url).RunAsync(Operated, service.CancellationToken);
        _beforeCrash = result.BeforeCrash;
        _afterRestart = result.AfterRestart;
        Probe.SaveTimeline($"{Label}: {result.Timeline.Count} requests by {result.Clients} clients; {_beforeCrash.Count} tokens before the kill, {_afterRestart.Count} after the restart");
    }

    [Then("no serial number is issued twice")]
    public void ThenSerialsUnique()
    {
        IReadOnlyList<IssuanceAttempt> all = Probe.Timeline;
        OperatorRequirements.SerialsUniqueAcrossCrash(_beforeCrash, [.. all.Where(a => a.Granted && !_beforeCrash.Contains(a))]);
    }

    [Then("the event log records the TSU key and certificate life-cycle, the loss of synchronisation and the synchronisation, each with a precise time")]
    public async Task ThenEventsLogged()
    {
        IReadOnlyList<TsaLogEntry> log = await Operated.ReadEventLogAsync(service.CancellationToken);
        SaveText("event-log", string.Join(Environment.NewLine, log.Select(e => e.ToString())));
        OperatorRequirements.EventsLogged(log,
            _lossWindow ?? throw new InvalidOperationException("the loss of synchronisation was not observed in this scenario"),
            _recoveryWindow ?? throw new InvalidOperationException("the recovery was not observed in this scenario"),
            TimeSpan.FromSeconds(1));
    }

    /// <summary>Every instance the operator started for the scenario is stopped and removed, whatever the outcome.</summary>
    [AfterScenario]
    public async Task StopInstanceAsync()
    {
        if (_tsa is not null)
        {
            await _tsa.DisposeAsync();
            _tsa = null;
        }
    }

    private async Task StartAsync(OperatedTsaSetup setup)
    {
        if (service.IsOffline)
        {
            throw new NotApplicableException("needs the operator's control of a live TSA; a stored token is being inspected");
        }

        ITsaOperatorControl control = service.Declarations.OperatorControl ?? throw new NeedsAttestedEvidenceException(null,
            "the suite has no operator control of this TSA (only --target reference provides it)", requirements.EvidenceToAskFor);
        _setup = setup;
        _fault = setup.Fault.Describe();
        _probe = new IssuanceProbe(service.RequireClient(), evidence, evidence.Label);
        _probe.Note($"{control.Description}: start an instance ({setup.Describe()})");
        _tsa = await control.StartAsync(setup, service.CancellationToken);
        _startedAt = _probe.Now;
        _probe.Note(_tsa.StartRefusal is null ? $"started: {_tsa.NonQualifiedUrl} {_tsa.QualifiedUrl}" : $"start refused: {_tsa.StartRefusal}");
    }

    private IOperatedTsa Operated => _tsa ?? throw new InvalidOperationException("no TSA instance was started in this scenario; begin with 'Given the operator has started the TSA ...'");

    private IssuanceProbe Probe => _probe ?? throw new InvalidOperationException("no TSA instance was started in this scenario");

    private Uri Url => Operated.NonQualifiedUrl ?? Operated.QualifiedUrl
        ?? throw new TargetErrorException($"the instance ({_setup.Describe()}) did not start: {Operated.StartRefusal}");

    private void SaveText(string what, string text) => evidence.Save($"{evidence.Label}-{what}", "txt", Encoding.UTF8.GetBytes(text + Environment.NewLine));
}
