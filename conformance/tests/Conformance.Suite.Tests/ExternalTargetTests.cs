namespace Conformance.Suite.Tests;

/// <summary>How the xunit host reads TSA_CONFORMANCE_TARGET (and TSA_CONFORMANCE_QUALIFIED_URL).</summary>
public sealed class ExternalTargetTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("tsa-conformance-external-").FullName;

    [Fact]
    public void Unset_means_the_embedded_reference_tsa()
    {
        Assert.Null(ExternalTarget.FromEnvironment(_ => null));
        Assert.Null(ExternalTarget.FromEnvironment(_ => " "));
    }

    [Fact]
    public void A_url_and_a_qualified_url_name_the_endpoints()
    {
        var variables = new Dictionary<string, string>
        {
            [ExternalTarget.TargetVariable] = "https://tsa.example.eu/tsa",
            [ExternalTarget.QualifiedUrlVariable] = "https://tsa.example.eu/qtsa",
        };

        var target = ExternalTarget.FromEnvironment(variables.GetValueOrDefault)!;

        Assert.Equal(new Uri("https://tsa.example.eu/tsa"), target.Url);
        Assert.Equal(new Uri("https://tsa.example.eu/qtsa"), target.QualifiedUrl);
    }

    [Fact]
    public void A_target_file_brings_its_declarations()
    {
        string file = Path.Combine(_temp, "target.yaml");
        File.WriteAllText(file, "name: Own QTSA staging\nurl: https://staging.example.eu/tsa\naccuracy: 500ms\nrate-limit: 2\n");

        var target = ExternalTarget.FromEnvironment(name => name == ExternalTarget.TargetVariable ? file : null)!;

        Assert.Equal("Own QTSA staging", target.Name);
        Assert.Equal(TimeSpan.FromMilliseconds(500), target.Accuracy);
        Assert.Equal(2, target.Http.MaxRequestsPerSecond);
    }

    [Theory]
    [InlineData("ftp://tsa.example.eu/")]
    [InlineData("/nonexistent/target.yaml")]
    public void A_value_that_is_neither_names_the_variable(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => ExternalTarget.FromEnvironment(name => name == ExternalTarget.TargetVariable ? value : null));
        Assert.Contains(ExternalTarget.TargetVariable, e.Message);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
