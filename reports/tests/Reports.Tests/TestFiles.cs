using System.Text.Json.Nodes;
using System.Xml;

namespace Reports.Tests;

/// <summary>Fixtures (a real run of the main job against the reference TSA, under Fixtures/run) and scratch folders.</summary>
internal static class TestFiles
{
    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string RunFixture => Path.Combine(Fixtures, "run");

    /// <summary>The repository's spec/ (found upward from the test binaries).</summary>
    public static string Spec
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, "spec", "requirements")))
                {
                    return Path.Combine(dir.FullName, "spec");
                }
            }

            throw new InvalidOperationException("spec/ not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>
    /// A frozen copy of spec/ (requirements, profiles, crypto, seed mapping) for the golden files, so that editing a
    /// requirement's wording does not break rendering tests. Refresh it together with UPDATE_GOLDEN=1.
    /// </summary>
    public static string PinnedSpec => Path.Combine(Fixtures, "spec");

    /// <summary>An empty folder, removed when the test process ends.</summary>
    public static string Scratch() => Directory.CreateDirectory(Path.Combine(ScratchRoot, Guid.NewGuid().ToString("N")[..12])).FullName;

    /// <summary>A fresh copy of the fixture run in a temp folder, optionally with report.json edited.</summary>
    public static string CopyRun(Action<JsonObject>? edit = null)
    {
        string dir = Path.Combine(ScratchRoot, Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(dir, "evidence"));
        foreach (string f in Directory.EnumerateFiles(Path.Combine(RunFixture, "evidence")))
        {
            File.Copy(f, Path.Combine(dir, "evidence", Path.GetFileName(f)));
        }

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RunFixture, "report.json")))!.AsObject();
        edit?.Invoke(json);
        File.WriteAllText(Path.Combine(dir, "report.json"), json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return dir;
    }

    /// <summary>Marks the first scenario checking <paramref name="requirementId"/> failed with a finding in the Checks format, and the run non-conformant.</summary>
    public static void Fail(JsonObject report, string requirementId, string message)
    {
        var scenario = report["scenarios"]!.AsArray().Select(s => s!.AsObject())
            .First(s => s["requirementIds"]!.AsArray().Any(id => id!.GetValue<string>() == requirementId));
        scenario["status"] = "failed";
        scenario["message"] = message;
        report["verdict"] = "non-conformant";
        report["verdictReason"] = "1 scenario(s) failed";
        var summary = report["summary"]!.AsObject();
        summary["passed"] = summary["passed"]!.GetValue<int>() - 1;
        summary["failed"] = summary["failed"]!.GetValue<int>() + 1;
    }

    /// <summary>As <see cref="Fail"/>, with the grade fields the runner writes (grade, gradeReason, one graded finding).</summary>
    public static void FailGraded(JsonObject report, string requirementId, string message, string grade, string level, string confidence, string reason)
    {
        Fail(report, requirementId, message);
        var scenario = report["scenarios"]!.AsArray().Select(s => s!.AsObject())
            .First(s => s["requirementIds"]!.AsArray().Any(id => id!.GetValue<string>() == requirementId));
        scenario["grade"] = grade;
        scenario["gradeReason"] = reason;
        scenario["findings"] = new JsonArray(new JsonObject
        {
            ["requirementId"] = requirementId, ["level"] = level, ["confidence"] = confidence, ["grade"] = grade, ["message"] = message,
        });
    }

    public static Assessment Assess(string dir, ReportOptions? options = null, string? spec = null) =>
        Assessment.Build(Path.Combine(dir, "report.json"), (options ?? new ReportOptions()) with { SpecDirectory = spec ?? Spec });

    private static readonly string ScratchRoot = Directory.CreateTempSubdirectory("reports-tests-").FullName;

    static TestFiles() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try
        {
            Directory.Delete(ScratchRoot, recursive: true);
        }
        catch (IOException)
        {
            // best effort: the OS cleans /tmp
        }
    };

    /// <summary>What the common JUnit XSD (Schemas/junit.xsd, as CI readers accept it) finds wrong with a junit.xml.</summary>
    public static List<string> JUnitSchemaErrors(string path)
    {
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema };
        settings.Schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Schemas", "junit.xsd"));
        var errors = new List<string>();
        settings.ValidationEventHandler += (_, e) => errors.Add($"{path}:{e.Exception.LineNumber}: {e.Message}");
        using (var reader = XmlReader.Create(path, settings))
        {
            while (reader.Read())
            {
            }
        }

        return errors;
    }
}
