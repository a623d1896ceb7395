using System.Diagnostics;
using System.Text;

namespace Conformance.Suite.Tests.MultiNode;

/// <summary>
/// One served reference-TSA node: `dotnet ReferenceTsa.dll serve --config FILE --urls URL` as a separate process,
/// as an operator runs it. It can be killed (SIGKILL, nothing flushed) and started again on the same configuration.
/// </summary>
public sealed class TsaNodeProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _configuration;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public TsaNodeProcess(string name, string configuration, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        _configuration = configuration;
        _environment = environment;
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
    }

    public static string ReferenceTsaDll => Path.Combine(AppContext.BaseDirectory, "ReferenceTsa.dll");

    public string Name { get; }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the process and waits until /readyz answers 200.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { ReferenceTsaDll, "serve", "--config", _configuration, "--urls", BaseAddress.ToString().TrimEnd('/') })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                throw new InvalidOperationException($"node {Name} exited with {process.ExitCode} while starting:\n{Output}");
            }

            if (await IsReadyAsync(probe, cancellationToken))
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new InvalidOperationException($"node {Name} was not ready within {StartTimeout.TotalSeconds:0} s:\n{Output}");
    }

    public async Task<bool> IsReadyAsync(HttpClient probe, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await probe.GetAsync(new Uri(BaseAddress, "readyz"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: crash semantics, nothing is flushed, no stop record.</summary>
    public async Task<int> KillAsync() => await StopAsync(() => _process!.Kill(entireProcessTree: false));

    /// <summary>SIGTERM: the host's graceful shutdown (a stop record in the evidence log).</summary>
    public async Task<int> TerminateAsync() => await StopAsync(() => Process.Start("kill", ["-TERM", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit(10_000));

    private async Task<int> StopAsync(Action signal)
    {
        var process = _process ?? throw new InvalidOperationException($"node {Name} is not running");
        signal();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        process.WaitForExit();
        int exit = process.ExitCode;
        process.Dispose();
        _process = null;
        return exit;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 200_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process?.Dispose();
    }
}
