namespace ReferenceTsa.Observability;

/// <summary>The console logger in the configured format: one readable line per event, or one JSON object per line.</summary>
public static class ConsoleLogging
{
    private const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    public static void Add(ILoggingBuilder logging, LoggingOptions options)
    {
        if (options.Format == LoggingOptions.JsonFormat)
        {
            logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = TimestampFormat.TrimEnd();
                o.UseUtcTimestamp = true;
                o.IncludeScopes = false;
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = TimestampFormat;
                o.UseUtcTimestamp = true;
            });
        }
    }
}
