using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ReferenceTsa.Interop.Tests.Support;

/// <summary>`dotnet ReferenceTsa.dll serve` as a real child process, with its output kept for diagnosis.</summary>
public sealed class ServerProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process)
    {
        _process = process;
    }

    public static string ReferenceTsaDll => Path.Combine(AppContext.BaseDirectory, "ReferenceTsa.dll");

    public int Id => _process.Id;

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

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the server and waits until GET /healthz answers.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, Uri baseAddress, HttpClient probe)
    {
        Assert.True(File.Exists(ReferenceTsaDll), $"{ReferenceTsaDll} is missing from the test output");
        var startInfo = new ProcessStartInfo(ToolRunner.Locate(Tool.Dotnet))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { ReferenceTsaDll, "serve", "--data", dataDirectory, "--urls", baseAddress.ToString().TrimEnd('/') })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                Assert.Fail($"the server exited with {process.ExitCode} while starting:\n{server.Output}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri(baseAddress, "healthz"));
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        server.Dispose();
        Assert.Fail($"the server did not answer /healthz within {StartTimeout.TotalSeconds:0} s:\n{server.Output}");
        return null!;
    }

    /// <summary>SIGKILL: crash semantics, nothing is flushed or finished.</summary>
    public async Task<int> KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        return await WaitForExitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>SIGTERM: the host's graceful shutdown.</summary>
    public async Task<int> TerminateAsync()
    {
        (await ToolRunner.RunAsync(Tool.Kill, ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            timeout: TimeSpan.FromSeconds(10))).Succeeded();
        return await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            Assert.Fail($"the server did not exit within {timeout.TotalSeconds:0} s:\n{Output}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
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
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
