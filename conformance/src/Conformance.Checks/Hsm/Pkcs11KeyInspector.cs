using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Conformance.Checks.Hsm;

/// <summary>
/// Reads a TSU private key's attributes over PKCS#11 with the auditor's own client (Pkcs11Interop): read-only session,
/// user login, no signing, no change. Never logs out (that would end the login of an in-process TSA sharing the module)
/// and never finalises a module it did not initialise itself.
/// </summary>
public static class Pkcs11KeyInspector
{
    /// <summary>The private-key attributes recorded, in this order; the ones TSP-REF-004 judges come first.</summary>
    private static readonly CKA[] PrivateKeyAttributes =
    [
        CKA.CKA_TOKEN, CKA.CKA_PRIVATE, CKA.CKA_SENSITIVE, CKA.CKA_ALWAYS_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_NEVER_EXTRACTABLE,
        CKA.CKA_LOCAL, CKA.CKA_SIGN, CKA.CKA_DECRYPT, CKA.CKA_UNWRAP, CKA.CKA_DERIVE, CKA.CKA_MODIFIABLE, CKA.CKA_WRAP_WITH_TRUSTED,
        CKA.CKA_KEY_TYPE, CKA.CKA_KEY_GEN_MECHANISM, CKA.CKA_LABEL, CKA.CKA_ID,
    ];

    private static readonly HashSet<CKA> Flags =
    [
        CKA.CKA_TOKEN, CKA.CKA_PRIVATE, CKA.CKA_SENSITIVE, CKA.CKA_ALWAYS_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_NEVER_EXTRACTABLE,
        CKA.CKA_LOCAL, CKA.CKA_SIGN, CKA.CKA_DECRYPT, CKA.CKA_UNWRAP, CKA.CKA_DERIVE, CKA.CKA_MODIFIABLE, CKA.CKA_WRAP_WITH_TRUSTED,
    ];

    private static readonly Lock Gate = new();

    /// <summary>
    /// Inspects the key. Throws <see cref="HsmAccessException"/> with a message naming the module, token or key when
    /// the key cannot be reached (module missing, token or key not found, PIN refused).
    /// </summary>
    public static Pkcs11KeyInspection Inspect(HsmKeyAccess access, HsmKeySelector key)
    {
        string location = access.Describe(key);
        if (!File.Exists(access.ModulePath))
        {
            throw new HsmAccessException($"{location}: the PKCS#11 module does not exist");
        }

        lock (Gate)
        {
            try
            {
                Pkcs11ModuleLoading.Prepare();
                if (access.SoftHsm2Conf is { } conf)
                {
                    Pkcs11ModuleLoading.UseSoftHsmConfiguration(access.ModulePath, conf);
                }

                bool sharedWithProcess = Pkcs11ModuleLoading.IsLoaded(access.ModulePath);
                var factories = new Pkcs11InteropFactories();
                IPkcs11Library library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, access.ModulePath, AppType.MultiThreaded);
                try
                {
                    return InspectLoaded(factories, library, access, key, location);
                }
                finally
                {
                    // C_Finalize would end the module for the whole process; only undo what this call did.
                    if (!sharedWithProcess)
                    {
                        library.Dispose();
                    }
                }
            }
            catch (Pkcs11Exception e)
            {
                throw new HsmAccessException($"{location}: {e.Method} failed with {e.RV}", e);
            }
            catch (InvalidOperationException e)
            {
                throw new HsmAccessException($"{location}: {e.Message}", e);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException or UnmanagedException)
            {
                throw new HsmAccessException($"{location}: the PKCS#11 module cannot be loaded: {e.Message}", e);
            }
        }
    }

    private static Pkcs11KeyInspection InspectLoaded(Pkcs11InteropFactories factories, IPkcs11Library library, HsmKeyAccess access,
        HsmKeySelector key, string location)
    {
        ISlot slot = FindSlot(library, access, location);
        ITokenInfo info = slot.GetTokenInfo();
        string token = $"label '{info.Label.Trim()}', model '{info.Model.Trim()}', manufacturer '{info.ManufacturerId.Trim()}', serial '{info.SerialNumber.Trim()}', slot {slot.SlotId}";
        string pin = access.ReadPin();

        using ISession session = slot.OpenSession(SessionType.ReadOnly);
        try
        {
            session.Login(CKU.CKU_USER, pin);
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Another user of the module in this process (an in-process TSA) is logged in: the login is shared.
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_LOCKED or CKR.CKR_PIN_LEN_RANGE or CKR.CKR_PIN_EXPIRED)
        {
            throw new HsmAccessException($"{location}: the token refused the user PIN ({e.RV})", e);
        }

        var template = new List<IObjectAttribute> { factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY) };
        if (key.Label is { } label)
        {
            template.Add(factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label));
        }

        if (key.Id is { } id)
        {
            template.Add(factories.ObjectAttributeFactory.Create(CKA.CKA_ID, id));
        }

        List<IObjectHandle> found = session.FindAllObjects(template);
        if (found.Count == 0)
        {
            throw new HsmAccessException($"{location}: no private key with {key} on the token");
        }

        if (found.Count > 1)
        {
            throw new HsmAccessException($"{location}: {found.Count} private keys match {key}; name the key by label and id");
        }

        List<IObjectAttribute> values = session.GetAttributeValue(found[0], [.. PrivateKeyAttributes]);
        var readings = new List<Pkcs11AttributeReading>();
        for (int i = 0; i < PrivateKeyAttributes.Length; i++)
        {
            readings.Add(Reading(PrivateKeyAttributes[i], values[i]));
        }

        byte[]? keyId = values[Array.IndexOf(PrivateKeyAttributes, CKA.CKA_ID)] is { CannotBeRead: false } idValue ? idValue.GetValueAsByteArray() : null;
        ulong? keyType = values[Array.IndexOf(PrivateKeyAttributes, CKA.CKA_KEY_TYPE)] is { CannotBeRead: false } typeValue ? typeValue.GetValueAsUlong() : null;
        (TokenPublicKey? publicKey, string? problem) = ReadPublicKey(factories, session, found[0], keyId, keyType);
        return new Pkcs11KeyInspection
        {
            Location = location,
            TokenDescription = token,
            Attributes = readings,
            PublicKey = publicKey,
            PublicKeyProblem = problem,
        };
    }

    private static ISlot FindSlot(IPkcs11Library library, HsmKeyAccess access, string location)
    {
        List<ISlot> slots = library.GetSlotList(SlotsType.WithTokenPresent);
        if (access.Slot is { } slotId)
        {
            return slots.FirstOrDefault(s => s.SlotId == slotId)
                ?? throw new HsmAccessException($"{location}: no token present in slot {slotId} (slots with a token: {string.Join(", ", slots.Select(s => s.SlotId))})");
        }

        var matching = slots.Where(s => s.GetTokenInfo().Label.Trim() == access.TokenLabel).ToList();
        return matching.Count switch
        {
            1 => matching[0],
            0 => throw new HsmAccessException($"{location}: no token labelled '{access.TokenLabel}' (tokens: {string.Join(", ", slots.Select(s => $"'{s.GetTokenInfo().Label.Trim()}'"))})"),
            _ => throw new HsmAccessException($"{location}: {matching.Count} tokens are labelled '{access.TokenLabel}'; name the slot instead"),
        };
    }

    private static Pkcs11AttributeReading Reading(CKA type, IObjectAttribute value)
    {
        string name = type.ToString();
        if (value.CannotBeRead)
        {
            return new Pkcs11AttributeReading(name, null, null);
        }

        if (Flags.Contains(type))
        {
            bool flag = value.GetValueAsBool();
            return new Pkcs11AttributeReading(name, flag ? "true" : "false", flag);
        }

        return type switch
        {
            CKA.CKA_LABEL => new Pkcs11AttributeReading(name, $"'{value.GetValueAsString()}'", null),
            CKA.CKA_KEY_TYPE => new Pkcs11AttributeReading(name, Named<CKK>(value.GetValueAsUlong()), null),
            CKA.CKA_KEY_GEN_MECHANISM => new Pkcs11AttributeReading(name, value.GetValueAsUlong() is ulong.MaxValue or uint.MaxValue
                ? "CK_UNAVAILABLE_INFORMATION"
                : Named<CKM>(value.GetValueAsUlong()), null),
            _ => new Pkcs11AttributeReading(name, Convert.ToHexStringLower(value.GetValueAsByteArray() ?? []), null),
        };
    }

    /// <summary>The PKCS#11 constant's name (CKK_RSA, CKM_RSA_PKCS_KEY_PAIR_GEN), or its value in hex.</summary>
    private static string Named<TEnum>(ulong value) where TEnum : struct, Enum =>
        value <= uint.MaxValue && Enum.IsDefined(typeof(TEnum), (uint)value) ? ((TEnum)Enum.ToObject(typeof(TEnum), (uint)value)).ToString() : $"0x{value:x}";

    /// <summary>
    /// The public key: from the public-key object paired by CKA_ID when there is one, else from the private key's own
    /// public components (CKA_MODULUS and CKA_PUBLIC_EXPONENT, or CKA_EC_PARAMS and CKA_EC_POINT where the token offers them).
    /// </summary>
    private static (TokenPublicKey?, string?) ReadPublicKey(Pkcs11InteropFactories factories, ISession session, IObjectHandle privateKey, byte[]? keyId, ulong? keyType)
    {
        if (keyType is null)
        {
            return (null, "the private key's CKA_KEY_TYPE cannot be read");
        }

        bool rsa = keyType == (ulong)CKK.CKK_RSA;
        bool ec = keyType == (ulong)CKK.CKK_EC;
        if (!rsa && !ec)
        {
            return (null, $"key type {Named<CKK>(keyType.Value)} is neither RSA nor EC");
        }

        CKA[] components = rsa ? [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT] : [CKA.CKA_EC_PARAMS, CKA.CKA_EC_POINT];
        if (keyId is { Length: > 0 })
        {
            List<IObjectHandle> publicKeys = session.FindAllObjects(
            [
                factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY),
                factories.ObjectAttributeFactory.Create(CKA.CKA_ID, keyId),
            ]);
            if (publicKeys.Count == 1 && Components(session, publicKeys[0], components) is { } fromObject)
            {
                return (Build(rsa, fromObject, $"the public-key object with CKA_ID {Convert.ToHexStringLower(keyId)}"), null);
            }
        }

        if (Components(session, privateKey, components) is { } fromPrivate)
        {
            return (Build(rsa, fromPrivate, $"the private key's own {components[0]}/{components[1]}"), null);
        }

        return (null, $"no public-key object shares the private key's CKA_ID and the private key does not reveal {components[0]}/{components[1]}");
    }

    private static byte[][]? Components(ISession session, IObjectHandle handle, CKA[] components)
    {
        List<IObjectAttribute> values = session.GetAttributeValue(handle, [.. components]);
        return values.Any(v => v.CannotBeRead || v.GetValueAsByteArray() is not { Length: > 0 }) ? null : [.. values.Select(v => v.GetValueAsByteArray())];
    }

    private static TokenPublicKey Build(bool rsa, byte[][] components, string source) => rsa
        ? new TokenPublicKey("RSA", components[0], components[1], null, null, source)
        : new TokenPublicKey("EC", null, null, components[0], components[1], source);
}

/// <summary>The key could not be reached or read: names the module, token or key and the reason.</summary>
public sealed class HsmAccessException(string message, Exception? inner = null) : Exception(message, inner);
