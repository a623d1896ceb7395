using System.Diagnostics;
using Microsoft.Data.Sqlite;
using ReferenceTsa.Configuration;
using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Hosting;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// Secure by default: production mode refuses an unmonitored clock; `serve` refuses secrets readable by group or
/// others and a configuration or data folder writable by them, naming file and mode; `dev init` writes safe modes
/// under umask 000; the state and evidence databases are 0600; /readyz shows HSM detail only when asked to.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecureDefaultsTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly List<string> _directories = [];

    private string TempDirectory()
    {
        string directory = Directory.CreateTempSubdirectory("tsa-secure-").FullName;
        _directories.Add(directory);
        return directory;
    }

    private string DevInit(DevKeyStore store = DevKeyStore.Software)
    {
        string directory = TempDirectory();
        EmbeddedDefault.Initialize(directory, new EmbeddedDefault.Options(Certificates.DevKeyType.EcdsaP256, Certificates.DevKeyType.EcdsaP256, store));
        return directory;
    }

    private static Task<(int Exit, string Output)> Serve(string directory) =>
        ReferenceTsaCli.RunAsync(["serve", "--data", directory, "--urls", "http://127.0.0.1:0"]);

    [Fact]
    public void Production_mode_refuses_an_unmonitored_clock_naming_the_setting()
    {
        string directory = DevInit();
        string config = Path.Combine(directory, EmbeddedDefault.ConfigurationFileName);
        var options = TsaConfigurationFile.Read(config);
        Assert.True(options.Clock.AllowUnmonitoredClock);
        options.Mode = null; // a deployment's own file: production
        var refused = Assert.Throws<TsaConfigurationException>(() => TimeStampingServiceLoader.Load(options, directory, DateTimeOffset.UtcNow, config));
        Assert.Contains(refused.Problems, p => p.Setting == "Tsa:Clock:AllowUnmonitoredClock" && p.Reason.Contains("production"));

        options.Mode = "development";
        using var service = TimeStampingServiceLoader.Load(options, directory, DateTimeOffset.UtcNow, config);
        Assert.False(service.Clock.Monitored);
    }

    public static TheoryData<string, string, string> LooseFiles => new()
    {
        { "tsu-nonqualified.key.pem", "644", "Tsa:Tsus:tsu-nonqualified:Key:Path" },
        { "dev-root-ca.key.pem", "644", "Tsa:DataDirectory" },
        { EmbeddedDefault.TlsKeyFileName, "640", "Tsa:Tls:Key" },
        { EmbeddedDefault.ConfigurationFileName, "666", "configuration file" },
        { ".", "777", "Tsa:DataDirectory" },
    };

    [Theory]
    [MemberData(nameof(LooseFiles))]
    public async Task Serve_refuses_a_loose_file_naming_the_setting_file_and_mode(string file, string mode, string setting)
    {
        string directory = DevInit();
        string path = Path.GetFullPath(Path.Combine(directory, file));
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));
        var (exit, output) = await Serve(directory);
        Assert.True(exit == 78, output);
        Assert.Contains($"{setting}: {path.TrimEnd('/')} has mode 0{mode}", output);
    }

    [Fact]
    public async Task Serve_refuses_a_pin_file_readable_by_others()
    {
        if (EmbeddedDefault.SoftHsmModule is null)
        {
            Assert.Skip("SoftHSM2 is not installed (apt-get install softhsm2): no PIN file to check");
        }

        string directory = DevInit(DevKeyStore.SoftHsm);
        string pin = Path.Combine(directory, EmbeddedDefault.UserPinFileName);
        File.SetUnixFileMode(pin, (UnixFileMode)Convert.ToInt32("666", 8));
        var (exit, output) = await Serve(directory);
        Assert.True(exit == 78, output);
        Assert.Contains($"Key:PinFile: {pin} has mode 0666", output);
    }

    [Fact]
    public async Task Dev_init_under_umask_000_writes_no_file_that_others_may_write_and_no_secret_they_may_read()
    {
        string directory = Path.Combine(TempDirectory(), "data");
        var start = new ProcessStartInfo("/bin/sh", ["-c", "umask 000; exec dotnet \"$0\" dev init --software-keys --data \"$1\"",
            Path.Combine(AppContext.BaseDirectory, "ReferenceTsa.dll"), directory]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using (var process = Process.Start(start)!)
        {
            string output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)
                            + await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, output);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        foreach (string file in Directory.GetFiles(directory))
        {
            var mode = File.GetUnixFileMode(file);
            Assert.True((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0, $"{file} has mode {FilePermissions.Octal(mode)}");
            if (file.EndsWith(".key.pem", StringComparison.Ordinal))
            {
                Assert.Equal(Private, mode);
            }
        }

        Assert.Empty(FilePermissions.Problems(TsaConfigurationFile.Read(Path.Combine(directory, EmbeddedDefault.ConfigurationFileName)),
            Path.Combine(directory, EmbeddedDefault.ConfigurationFileName)));
    }

    [Fact]
    public async Task The_state_and_evidence_databases_are_readable_by_the_tsa_alone()
    {
        string directory = TempDirectory();
        await using (var tsa = await EmbeddedTsa.StartAsync(directory, new EmbeddedDefault.Options(Certificates.DevKeyType.EcdsaP256, Certificates.DevKeyType.EcdsaP256),
                         configure: null, TestContext.Current.CancellationToken))
        {
            using var probe = new ServedTsaProbe(tsa);
            Assert.Equal(0, (await probe.StampAsync()).Status);
        }

        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(directory, TsaHost.StateDatabaseFileName)));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(directory, SqliteEvidenceLog.FileName)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Readyz_shows_hsm_detail_only_with_the_option(bool detail)
    {
        if (EmbeddedDefault.SoftHsmModule is null)
        {
            Assert.Skip("SoftHSM2 is not installed (apt-get install softhsm2): no HSM detail to show or hide");
        }

        string directory = TempDirectory();
        await using var tsa = await EmbeddedTsa.StartAsync(directory,
            new EmbeddedDefault.Options(Certificates.DevKeyType.EcdsaP256, Certificates.DevKeyType.EcdsaP256, DevKeyStore.SoftHsm),
            options => options.ReadyzDetail = detail, TestContext.Current.CancellationToken);
        using var probe = new ServedTsaProbe(tsa);
        var (_, body) = await probe.ReadyAsync();
        var hsm = body.GetProperty("tsus")[0].GetProperty("hsm");
        Assert.True(hsm.GetProperty("connected").GetBoolean());
        Assert.Equal(detail, hsm.TryGetProperty("openSessions", out _));
        Assert.Equal(detail, hsm.TryGetProperty("token", out _));
        Assert.Equal(detail, body.ToString().Contains(EmbeddedDefault.DevTokenLabel, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (string directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
