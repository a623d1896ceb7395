using System.Security.Cryptography;
using System.Text;

namespace Conformance.Checks.Evidence;

/// <summary>
/// Writes evidence files into one folder with a run-wide sequence number, and keeps their SHA-256 so a manifest
/// can be written at the end. Thread-safe: scenarios of several features write concurrently.
/// </summary>
public sealed class EvidenceStore : IEvidenceSink
{
    private readonly object _gate = new();
    private readonly List<EvidenceEntry> _entries = [];
    private readonly Dictionary<string, (int Count, string First)> _capHits = new(StringComparer.Ordinal);
    private int _sequence;
    private long _bytes;

    /// <summary>The name <see cref="Save"/> returns for content it did not store because a per-run cap was reached.</summary>
    public const string NotStored = "(not stored: evidence cap reached)";

    public EvidenceStore(string directory, EvidenceCaps? caps = null)
    {
        Directory = directory;
        Caps = caps ?? EvidenceCaps.Default;
        System.IO.Directory.CreateDirectory(directory);
    }

    public EvidenceCaps Caps { get; }

    /// <summary>One line per cap reached in this run: the cap's name and value, how often, and the first case.</summary>
    public IReadOnlyList<string> CapHits
    {
        get
        {
            lock (_gate)
            {
                return [.. _capHits.OrderBy(h => h.Key, StringComparer.Ordinal)
                    .Select(h => $"evidence cap reached: {h.Key}, {h.Value.Count} time(s), first: {h.Value.First}")];
            }
        }
    }

    public void CapReached(string cap, string detail)
    {
        lock (_gate)
        {
            _capHits[cap] = _capHits.TryGetValue(cap, out var hit) ? (hit.Count + 1, hit.First) : (1, detail);
        }
    }

    public string Directory { get; }

    public IReadOnlyList<EvidenceEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public string Save(string label, string extension, ReadOnlySpan<byte> content)
    {
        lock (_gate)
        {
            string? cap = _entries.Count >= Caps.MaxFiles ? $"evidence files per run ({Caps.MaxFiles})"
                : _bytes + content.Length > Caps.MaxBytes ? $"evidence bytes per run ({Caps.MaxBytes})"
                : null;
            if (cap is not null)
            {
                CapReached(cap, $"{label}.{extension.TrimStart('.')} ({content.Length} bytes) not stored");
                return NotStored;
            }

            _bytes += content.Length;
        }

        int number = Interlocked.Increment(ref _sequence);
        string name = $"{number:D4}-{Sanitise(label)}.{extension.TrimStart('.')}";
        File.WriteAllBytes(Path.Combine(Directory, name), content.ToArray());
        var entry = new EvidenceEntry(name, Convert.ToHexStringLower(SHA256.HashData(content)), content.Length);
        lock (_gate)
        {
            _entries.Add(entry);
        }

        return name;
    }

    /// <summary>
    /// Content-addressed: the first save of these bytes writes a file as <see cref="Save"/> does, labelled by kind and
    /// SHA-256; later saves of the same bytes return that file's name without writing again. Concurrent first saves of the
    /// same bytes write once.
    /// </summary>
    public string SaveShared(string kind, string extension, ReadOnlySpan<byte> content)
    {
        string sha256 = IEvidenceSink.SHA256Hex(content);
        if (_shared.TryGetValue(sha256, out Lazy<string>? known))
        {
            return known.Value;
        }

        byte[] copy = content.ToArray();
        return _shared.GetOrAdd(sha256, _ => new Lazy<string>(() => Save(IEvidenceSink.SharedLabel(kind, sha256), extension, copy))).Value;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<string>> _shared = new(StringComparer.Ordinal);

    /// <summary>
    /// Writes (or rewrites) a file at a fixed path below the evidence folder, e.g. "time/samples.json" for the report;
    /// the manifest lists it under that path.
    /// </summary>
    public string SaveAt(string relativePath, ReadOnlySpan<byte> content)
    {
        string name = relativePath.Replace('\\', '/');
        if (Path.IsPathRooted(name) || name.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"'{relativePath}' is not a plain relative path inside the evidence folder", nameof(relativePath));
        }

        string path = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content.ToArray());
        var entry = new EvidenceEntry(name, Convert.ToHexStringLower(SHA256.HashData(content)), content.Length);
        lock (_gate)
        {
            _entries.RemoveAll(e => e.FileName == name);
            _entries.Add(entry);
        }

        return name;
    }

    /// <summary>Writes MANIFEST.sha256 in the format of <c>sha256sum</c>, so <c>sha256sum -c MANIFEST.sha256</c> verifies it.</summary>
    public string WriteManifest()
    {
        var text = new StringBuilder();
        foreach (EvidenceEntry entry in Entries.OrderBy(e => e.FileName, StringComparer.Ordinal))
        {
            text.Append(entry.Sha256).Append("  ").Append(entry.FileName).Append('\n');
        }

        string path = Path.Combine(Directory, ManifestFileName);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    public const string ManifestFileName = "MANIFEST.sha256";

    private static string Sanitise(string label)
    {
        var builder = new StringBuilder(label.Length);
        foreach (char c in label.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        string result = builder.ToString().Trim('-');
        while (result.Contains("--", StringComparison.Ordinal))
        {
            result = result.Replace("--", "-", StringComparison.Ordinal);
        }

        return result.Length > 60 ? result[..60].TrimEnd('-') : result;
    }
}

public sealed record EvidenceEntry(string FileName, string Sha256, long Length);
