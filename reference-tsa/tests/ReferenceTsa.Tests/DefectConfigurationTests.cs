using System.Text.Json.Nodes;
using ReferenceTsa.Configuration;
using ReferenceTsa.Defects;
using ReferenceTsa.Hosting;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// Defect injection is a development-mode tool: production mode (the default of a configuration file) refuses it at
/// start-up naming Tsa:Defects, unknown names get a did-you-mean, and an active defect is announced on /readyz and /metrics.
/// </summary>
public sealed class DefectConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tsa-defects-").FullName;

    public DefectConfigurationTests()
    {
        EmbeddedDefault.Initialize(_directory, new EmbeddedDefault.Options(Certificates.DevKeyType.EcdsaP256, Certificates.DevKeyType.EcdsaP256));
    }

    private string ConfigPath => Path.Combine(_directory, EmbeddedDefault.ConfigurationFileName);

    private TsaOptions Options() => TsaConfigurationFile.Read(ConfigPath);

    private TsaConfigurationException Refused(TsaOptions options) =>
        Assert.Throws<TsaConfigurationException>(() =>
            TimeStampingServiceLoader.Load(options, _directory, DateTimeOffset.UtcNow, ConfigPath).Dispose());

    /// <summary>Writes the dev init configuration with the mode and defects given (null mode: the setting is left out).</summary>
    private string WriteConfig(string name, string? mode, params string[] defects)
    {
        var json = JsonNode.Parse(File.ReadAllText(ConfigPath))!;
        var tsa = json[TsaOptions.Section]!.AsObject();
        tsa.Remove("Mode");
        if (mode is not null)
        {
            tsa["Mode"] = mode;
        }

        tsa["Defects"] = new JsonArray([.. defects.Select(d => JsonValue.Create(d))]);
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [Fact]
    public void Dev_init_writes_development_mode_and_no_defects()
    {
        var options = Options();
        Assert.Equal(TsaMode.Development, DefectSettings.Mode(options));
        Assert.Null(options.Defects);
        using var service = TimeStampingServiceLoader.Load(options, _directory, DateTimeOffset.UtcNow, ConfigPath);
        Assert.False(service.Defects.Any);
    }

    [Fact]
    public void A_configuration_without_a_mode_is_production_and_refuses_defects()
    {
        var options = TsaConfigurationFile.Read(WriteConfig("no-mode.json", mode: null, "ordering-true"));
        Assert.Equal(TsaMode.Production, DefectSettings.Mode(options));
        // The development file's unmonitored clock is refused in production too; the defects are named on their own.
        var problem = Assert.Single(Refused(options).Problems, p => p.Setting.StartsWith("Tsa:Defects", StringComparison.Ordinal));
        Assert.Equal("Tsa:Defects", problem.Setting);
        Assert.Contains("refused in production mode", problem.Reason);
        Assert.Contains("ordering-true", problem.Reason);
    }

    [Fact]
    public void An_unknown_defect_name_is_refused_with_a_did_you_mean()
    {
        var options = Options();
        options.Defects = ["ordering-ture"];
        var problem = Assert.Single(Refused(options).Problems);
        Assert.Equal("Tsa:Defects:0", problem.Setting);
        Assert.Contains("'ordering-ture' is not a known defect; did you mean 'ordering-true'?", problem.Reason);
    }

    [Fact]
    public void An_unknown_mode_is_refused()
    {
        var options = Options();
        options.Mode = "staging";
        var problem = Assert.Single(Refused(options).Problems, p => p.Setting == "Tsa:Mode");
        Assert.Equal("Tsa:Mode", problem.Setting);
    }

    [Fact]
    public async Task Serve_in_production_mode_with_a_defect_exits_78_naming_the_setting()
    {
        string config = WriteConfig("production-with-defect.json", "production", "signature-invalid");
        var (exit, stderr) = await ReferenceTsaCli.RunAsync(["serve", "--config", config, "--urls", "http://127.0.0.1:0"]);
        Assert.Equal(78, exit);
        Assert.Contains("Tsa:Defects", stderr);
        Assert.Contains("refused in production mode", stderr);
    }

    [Fact]
    public async Task An_active_defect_is_announced_on_readyz_and_metrics()
    {
        await using var tsa = await EmbeddedTsa.StartAsync(_directory, new EmbeddedDefault.Options(), o => o.Defects = ["ordering-true", "http-201"],
            TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = tsa.BaseAddress };
        string ready = await http.GetStringAsync("readyz", TestContext.Current.CancellationToken);
        string metrics = await http.GetStringAsync("metrics", TestContext.Current.CancellationToken);

        Assert.Contains("DEFECTS INJECTED", ready);
        Assert.Contains("\"defects\":[\"ordering-true\",\"http-201\"]", ready);
        Assert.Contains("tsa_defects_active 2", metrics);
        Assert.Contains("tsa_defect_active{defect=\"http-201\"} 1", metrics);
    }

    [Fact]
    public void Every_defect_names_a_requirement_and_has_a_unique_kebab_case_name()
    {
        Assert.All(DefectCatalogue.All, d =>
        {
            Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", d.Name);
            Assert.NotEmpty(d.CaughtBy);
            Assert.All(d.CaughtBy, id => Assert.Matches("^(TSP-[A-Z]+-[0-9]{3}|[A-Z0-9]+(-[A-Z0-9.]+)+)$", id));
        });
        Assert.Equal(DefectCatalogue.All.Count, DefectCatalogue.All.Select(d => d.Name).Distinct().Count());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
