using Conformance.Checks.History;
using Conformance.Checks.Outcomes;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Checks.Tests.History;

/// <summary>TSP-TST-004 across runs: the verdict on this run's serials against the history of earlier runs.</summary>
public sealed class SerialHistoryRequirementsTests
{
    private static SerialHistoryRecord Record(string serial, string run, string tsu = "CN=TSU 1, serial 01") => new()
    {
        Tsu = tsu,
        Serial = serial,
        Url = "http://127.0.0.1:1/tsa",
        Run = run,
        Token = $"0001-{serial}-token.tst",
        GenTime = "20260101000000Z",
        RecordedAtUtc = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void New_serials_pass_and_are_remembered_so_a_later_run_repeating_one_is_a_finding()
    {
        using var temp = new TempDirectory();
        var history = new SerialHistory(temp.Path);

        SerialHistoryRequirements.NoSerialRepeatsAnEarlierRun(history, [Record("1", "run A"), Record("2", "run A")]);
        SerialHistoryRequirements.NoSerialRepeatsAnEarlierRun(history, [Record("3", "run B"), Record("1", "run B", tsu: "CN=TSU 2, serial 02")]);
        var e = Assert.Throws<RequirementNotMetException>(() =>
            SerialHistoryRequirements.NoSerialRepeatsAnEarlierRun(history, [Record("4", "run C"), Record("2", "run C")]));

        Assert.Equal("TSP-TST-004", e.RequirementId);
        Assert.StartsWith("TSP-TST-004: 1 serial number(s) repeat one recorded for the same TSU by an earlier run", e.Message);
        Assert.Contains("earlier in run A, token 0001-2-token.tst", e.Observed);
        Assert.Contains("again in this run, token 0001-2-token.tst", e.Observed);
        Assert.Contains(history.FileFor("CN=TSU 1, serial 01"), e.Observed);
    }

    [Fact]
    public void Without_a_record_or_with_a_damaged_history_the_requirement_is_not_judged()
    {
        using var temp = new TempDirectory();
        var history = new SerialHistory(temp.Path);
        Assert.Throws<TargetErrorException>(() => SerialHistoryRequirements.NoSerialRepeatsAnEarlierRun(history, []));

        Directory.CreateDirectory(history.Directory);
        File.WriteAllText(history.FileFor("CN=TSU 1, serial 01"), "{ not json\n");
        var e = Assert.Throws<TargetErrorException>(() => SerialHistoryRequirements.NoSerialRepeatsAnEarlierRun(history, [Record("1", "run A")]));
        Assert.Contains("cannot be used", e.Message);
    }
}
