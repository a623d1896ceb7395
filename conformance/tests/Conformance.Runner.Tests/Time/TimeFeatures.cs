namespace Conformance.Runner.Tests.Time;

/// <summary>A features folder holding only the given files of spec/features/time (as copied next to the tests).</summary>
public static class TimeFeatures
{
    public static string Only(string folder, params string[] files)
    {
        string target = Path.Combine(folder, "features", "time");
        Directory.CreateDirectory(target);
        foreach (string file in files)
        {
            File.Copy(Path.Combine(RunOptions.DefaultFeaturesDirectory, "time", file), Path.Combine(target, file));
        }

        return Path.Combine(folder, "features");
    }
}
