using ReferenceTsa.Protocol;
using SharpFuzz;

// One AFL input = one HTTP request body. The decoder must answer every input with a TimeStampReq or a reason;
// any exception escaping TryDecode (or a hang) is a finding, which AFL stores under findings/*/crashes.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    byte[] body = buffer.ToArray();
    if (TimeStampRequestDecoder.TryDecode(body, out var request, out string? problem))
    {
        // A decoded request must carry what issuance reads; a reason must exist for a refusal.
        _ = request!.HashAlgorithmOid.Length + request.HashedMessage.Length + request.Version.GetByteCount();
    }
    else if (string.IsNullOrEmpty(problem))
    {
        throw new InvalidOperationException("a refused request without a reason");
    }
});
