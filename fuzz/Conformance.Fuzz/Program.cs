using Conformance.Checks.Protocol;
using SharpFuzz;

// One AFL input = one HTTP response body from a TSA under test (or a token file given to `inspect`). The suite's
// strict decoders must answer every input with a decoded value or an error; any exception escaping them is a finding.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    byte[] input = buffer.ToArray();
    Require(TimeStampResponse.TryDecode(input, out _, out string? responseError), responseError, "TimeStampResp");
    Require(TimeStampToken.TryDecode(input, out _, out string? tokenError), tokenError, "TimeStampToken");
});

static void Require(bool decoded, string? error, string what)
{
    if (!decoded && string.IsNullOrEmpty(error))
    {
        throw new InvalidOperationException($"{what} refused without an error");
    }
}
