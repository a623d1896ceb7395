using System.Diagnostics;

namespace ReferenceTsa.Benchmarks;

/// <summary>Calls a signing function on N threads for a fixed time and returns signatures per second.</summary>
public static class SigningRate
{
    public static double Measure(int threads, double seconds, Action<int> sign)
    {
        for (int i = 0; i < 20; i++)
        {
            sign(0);
        }

        long count = 0;
        var stop = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            long mine = 0;
            while (stop.Elapsed.TotalSeconds < seconds)
            {
                sign(t);
                mine++;
            }

            Interlocked.Add(ref count, mine);
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return count / stop.Elapsed.TotalSeconds;
    }
}
