using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Conformance.Suite.Tests.Reference;

/// <summary>
/// `dotnet ReferenceTsa.dll serve` as a separate process, as an operator runs it, with its output kept for diagnosis.
/// The suite only reaches it over the network.
/// </summary>
public sealed class ServedReferenceTsa : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServedReferenceTsa(Process process) => _process = process;

    public static string Dll(string name) => Path.Combine(AppContext.BaseDirectory, name);

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

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

    /// <summary>Starts `serve` with <paramref name="arguments"/> and waits until <paramref name="healthz"/> answers 200.</summary>
    public static async Task<ServedReferenceTsa> StartAsync(IReadOnlyList<string> arguments, Uri healthz, HttpClient probe,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (string argument in new[] { Dll("ReferenceTsa.dll"), "serve" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var served = new ServedReferenceTsa(process);
        process.OutputDataReceived += (_, e) => served.Append(e.Data);
        process.ErrorDataReceived += (_, e) => served.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                Assert.Fail($"serve exited with {process.ExitCode} while starting:\n{served.Output}");
            }

            try
            {
                using var response = await probe.GetAsync(healthz, TestContext.Current.CancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return served;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        served.Dispose();
        Assert.Fail($"serve did not answer {healthz} within 90 s:\n{served.Output}");
        return null!;
    }

    /// <summary>Waits until the process has written a line containing <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < timeout, $"no '{text}' in the output within {timeout.TotalSeconds:0} s:\n{Output}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 500_000)
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
