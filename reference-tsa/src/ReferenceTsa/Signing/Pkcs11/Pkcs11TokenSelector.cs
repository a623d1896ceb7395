namespace ReferenceTsa.Signing.Pkcs11;

/// <summary>Which token of which module: by label (preferred, survives slot renumbering) or by slot ID.</summary>
public sealed record Pkcs11TokenSelector(string ModulePath, string? TokenLabel, ulong? SlotId)
{
    public override string ToString() =>
        TokenLabel is not null ? $"token '{TokenLabel}' of {ModulePath}" : $"slot {SlotId} of {ModulePath}";
}

/// <summary>The token could not be used now: not found, not logged in, every session busy, recovering.</summary>
public sealed class Pkcs11UnavailableException(string message, Exception? inner = null) : Exception(message, inner);
