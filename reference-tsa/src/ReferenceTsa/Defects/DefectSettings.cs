using ReferenceTsa.Configuration;

namespace ReferenceTsa.Defects;

/// <summary>
/// Reads Tsa:Mode, Tsa:Defects and Tsa:DefectGenTimeSkewSeconds. Defects are honoured only in development mode; in
/// production mode any defect refuses start-up, and an unknown defect name is an error with a did-you-mean.
/// </summary>
public static class DefectSettings
{
    public const string ModeSetting = "Tsa:Mode";
    public const string DefectsSetting = "Tsa:Defects";
    public const string SkewSetting = "Tsa:DefectGenTimeSkewSeconds";

    /// <summary>The mode; production when unset. Unknown values are reported through <see cref="Validate"/>.</summary>
    public static TsaMode Mode(TsaOptions options) =>
        string.Equals(options.Mode?.Trim(), "development", StringComparison.OrdinalIgnoreCase) ? TsaMode.Development : TsaMode.Production;

    /// <summary>The active defects, adding a problem for each setting that cannot be honoured.</summary>
    public static ActiveDefects Validate(TsaOptions options, List<ConfigurationProblem> problems)
    {
        if (options.Mode is { } mode && !string.Equals(mode.Trim(), "production", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(mode.Trim(), "development", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new(ModeSetting, $"'{mode}' is not a mode; use production or development"));
        }

        var names = options.Defects ?? [];
        var defects = new List<Defect>();
        for (int i = 0; i < names.Count; i++)
        {
            if (DefectCatalogue.Find(names[i] ?? "") is { } defect)
            {
                defects.Add(defect);
                continue;
            }

            string? suggestion = DefectCatalogue.Suggest(names[i] ?? "");
            problems.Add(new($"{DefectsSetting}:{i}", $"'{names[i]}' is not a known defect"
                + (suggestion is null ? $"; known defects: {string.Join(", ", DefectCatalogue.All)}" : $"; did you mean '{suggestion}'?")));
        }

        if (names.Count > 0 && Mode(options) != TsaMode.Development)
        {
            problems.Add(new(DefectsSetting, $"defects ({string.Join(", ", names)}) are refused in production mode: they make the TSA "
                + $"deliberately non-conformant. Remove {DefectsSetting}, or set {ModeSetting} to development on a test instance"));
        }

        int skew = options.DefectGenTimeSkewSeconds ?? 30;
        if (skew is < -86_400 or > 86_400 or 0)
        {
            problems.Add(new(SkewSetting, $"{skew} is not between -86400 and 86400 seconds, or is zero"));
        }

        return defects.Count == 0 || Mode(options) != TsaMode.Development ? ActiveDefects.None : new ActiveDefects(defects, TimeSpan.FromSeconds(skew));
    }
}
