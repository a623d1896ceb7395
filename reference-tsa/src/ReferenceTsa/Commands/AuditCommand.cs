using System.CommandLine;
using ReferenceTsa.EvidenceLog;

namespace ReferenceTsa.Commands;

/// <summary>`audit verify [--data DIR]`: checks the whole evidence-log hash chain and names the first broken record.</summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = $"Data directory holding {SqliteEvidenceLog.FileName} (default ./{ServeCommand.DefaultDataDirectory})" };
        var verify = new Command("verify", "Recompute every hash of the evidence log; exit 0 when intact, 1 with the first broken record") { data };
        verify.SetAction(parse =>
        {
            string path = Path.Combine(Path.GetFullPath(parse.GetValue(data) ?? ServeCommand.DefaultDataDirectory), SqliteEvidenceLog.FileName);
            try
            {
                var result = EvidenceLogVerifier.Verify(path);
                if (result.Intact)
                {
                    Console.WriteLine($"{path}: intact, {result.Records} record(s)");
                    return ExitCodes.Ok;
                }

                Console.WriteLine($"{path}: BROKEN at record {result.FirstBrokenSequence}: {result.Problem}");
                return 1;
            }
            catch (Exception e) when (e is FileNotFoundException or Microsoft.Data.Sqlite.SqliteException)
            {
                Console.Error.WriteLine($"{path}: {e.Message}");
                return ExitCodes.NoInput;
            }
        });
        return new Command("audit", "Evidence-log checks") { verify };
    }
}
