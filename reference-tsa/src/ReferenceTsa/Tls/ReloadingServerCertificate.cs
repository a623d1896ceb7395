using System.Runtime.InteropServices;

namespace ReferenceTsa.Tls;

/// <summary>
/// The server certificate handed to each TLS handshake, read again from its files on SIGHUP and when a file changes
/// (debounced: a renewal writes certificate and key one after the other). A reload that fails keeps the previous
/// certificate and logs why; connections already open keep theirs.
/// </summary>
public sealed class ReloadingServerCertificate : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);

    private readonly ServerCertificateFiles _files;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly PosixSignalRegistration? _hangUp;
    private readonly Timer _debounce;
    private readonly Lock _gate = new();
    private LoadedServerCertificate _current;

    public ReloadingServerCertificate(ServerCertificateFiles files, ILogger logger, TimeProvider clock)
    {
        _files = files;
        _logger = logger;
        _clock = clock;
        _current = files.Load(clock.GetUtcNow());
        _debounce = new Timer(_ => Reload("a certificate file changed"));
        logger.LogInformation("HTTPS server certificate {Certificate}", _current.Describe());
        foreach (string directory in files.Paths.Select(p => Path.GetDirectoryName(p)!).Distinct(StringComparer.Ordinal))
        {
            var names = files.Paths.Where(p => Path.GetDirectoryName(p) == directory).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            var watcher = new FileSystemWatcher(directory) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            FileSystemEventHandler changed = (_, e) =>
            {
                if (names.Contains(e.Name ?? ""))
                {
                    _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);
                }
            };
            watcher.Changed += changed;
            watcher.Created += changed;
            watcher.Renamed += (_, e) => changed(watcher, e);
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }

        if (!OperatingSystem.IsWindows())
        {
            _hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                Reload("SIGHUP");
            });
        }
    }

    /// <summary>The certificate for the next handshake.</summary>
    public LoadedServerCertificate Current => Volatile.Read(ref _current);

    /// <summary>Number of successful reloads since start (for tests and /metrics).</summary>
    public int Reloads { get; private set; }

    /// <summary>Reads the files again; returns false (and keeps the previous certificate) when they cannot be used.</summary>
    public bool Reload(string reason)
    {
        lock (_gate)
        {
            try
            {
                var loaded = _files.Load(_clock.GetUtcNow());
                var previous = Interlocked.Exchange(ref _current, loaded);
                Reloads++;
                _logger.LogInformation("HTTPS server certificate reloaded ({Reason}): {Certificate}, was {Previous}", reason, loaded.Describe(),
                    previous.Certificate.Subject == loaded.Certificate.Subject && previous.Certificate.Thumbprint == loaded.Certificate.Thumbprint
                        ? "the same certificate" : previous.Describe());
                return true;
            }
            catch (ServerCertificateException e)
            {
                _logger.LogError("HTTPS server certificate NOT reloaded ({Reason}), the previous one stays in use: {Setting}: {Problem}",
                    reason, e.Setting, e.Message);
                return false;
            }
        }
    }

    public void Dispose()
    {
        _hangUp?.Dispose();
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _debounce.Dispose();
    }
}
