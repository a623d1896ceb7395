using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Conformance.Checks.Operator;
using ReferenceTsa.Configuration;
using ReferenceTsa.Hosting;

namespace Conformance.Targets.Reference.Operator;

/// <summary>
/// One throw-away reference TSA started by <see cref="ReferenceOperatorControl"/>: in this process (fast), or as a child
/// process (`ReferenceTsa serve`) when the scenario kills it. Disposing stops it and deletes its data directory.
/// </summary>
internal sealed class OperatedReferenceTsa : IOperatedTsa
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _directory;
    private readonly IReadOnlyList<LoopbackTimeSource> _sources;
    private readonly StringBuilder _output = new();
    private EmbeddedTsa? _embedded;
    private Process? _process;
    private Uri? _baseAddress;

    private OperatedReferenceTsa(string directory, IReadOnlyList<LoopbackTimeSource> sources)
    {
        _directory = directory;
        _sources = sources;
    }

    public string? StartRefusal { get; private set; }
    public Uri? NonQualifiedUrl { get; private set; }
    public Uri? QualifiedUrl { get; private set; }

    public static async Task<OperatedReferenceTsa> StartInProcessAsync(string directory, IReadOnlyList<LoopbackTimeSource> sources, CancellationToken cancellationToken)
    {
        var instance = new OperatedReferenceTsa(directory, sources);
        try
        {
            instance._embedded = await EmbeddedTsa.StartAsync(directory, new EmbeddedDefault.Options(), configure: null, cancellationToken);
            instance.NonQualifiedUrl = instance._embedded.NonQualifiedUrl;
            instance.QualifiedUrl = instance._embedded.QualifiedUrl;
        }
        catch (TsaConfigurationException e)
        {
            instance.StartRefusal = e.Message;
        }

        return instance;
    }

    public static async Task<OperatedReferenceTsa> StartProcessAsync(string directory, IReadOnlyList<LoopbackTimeSource> sources, CancellationToken cancellationToken)
    {
        var instance = new OperatedReferenceTsa(directory, sources);
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            instance._baseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        }

        await instance.StartChildAsync(cancellationToken);
        return instance;
    }

    private async Task StartChildAsync(CancellationToken cancellationToken)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "ReferenceTsa.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { dll, "serve", "--config", Path.Combine(_directory, EmbeddedDefault.ConfigurationFileName), "--urls", _baseAddress!.ToString().TrimEnd('/') })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTimeOffset.UtcNow + StartTimeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                StartRefusal = $"ReferenceTsa serve exited with code {process.ExitCode}: {Output}";
                return;
            }

            try
            {
                using HttpResponseMessage health = await http.GetAsync(new Uri(_baseAddress, "healthz"), cancellationToken);
                if (health.IsSuccessStatusCode)
                {
                    NonQualifiedUrl = new Uri(_baseAddress, "tsa");
                    QualifiedUrl = new Uri(_baseAddress, "qtsa");
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"the reference TSA child process did not answer /healthz within {StartTimeout.TotalSeconds:0} s: {Output}");
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString().Trim();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    public Task StopTimeSourcesAsync(CancellationToken cancellationToken) => ForSources(s => s.Answering = false);

    public Task OffsetTimeSourcesAsync(TimeSpan offset, CancellationToken cancellationToken) => ForSources(s => s.Offset = offset);

    public Task RestoreTimeSourcesAsync(CancellationToken cancellationToken) => ForSources(s =>
    {
        s.Offset = TimeSpan.Zero;
        s.Answering = true;
    });

    private Task ForSources(Action<LoopbackTimeSource> change)
    {
        if (_sources.Count == 0)
        {
            throw new InvalidOperationException("this instance was not started with UTC sources under the operator's control");
        }

        foreach (LoopbackTimeSource source in _sources)
        {
            change(source);
        }

        return Task.CompletedTask;
    }

    public async Task CrashAndRestartAsync(CancellationToken cancellationToken)
    {
        Process process = _process ?? throw new InvalidOperationException("only an instance started in its own process can be killed");
        process.Kill(entireProcessTree: true); // SIGKILL: no shutdown hooks, no flushing
        await process.WaitForExitAsync(cancellationToken);
        process.Dispose();
        _process = null;
        await StartChildAsync(cancellationToken);
        if (StartRefusal is not null)
        {
            throw new InvalidOperationException($"the reference TSA did not start again after the kill: {StartRefusal}");
        }
    }

    public Task<IReadOnlyList<TsaLogEntry>> ReadEventLogAsync(CancellationToken cancellationToken) =>
        Task.FromResult(ReferenceEventLog.Read(_directory));

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }

        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        foreach (LoopbackTimeSource source in _sources)
        {
            await source.DisposeAsync();
        }

        TryDelete(_directory);
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
