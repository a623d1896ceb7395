namespace Reports;

/// <summary>A problem with a file the user gave us (report, register, waivers, baseline), phrased as <c>file:line: message</c>.</summary>
public sealed class ReportInputException(string message) : Exception(message)
{
    public static ReportInputException At(string file, int line, string message) =>
        new(line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}");
}
