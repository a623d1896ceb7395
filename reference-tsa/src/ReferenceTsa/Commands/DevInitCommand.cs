using System.CommandLine;
using ReferenceTsa.Certificates;
using ReferenceTsa.Configuration;

namespace ReferenceTsa.Commands;

/// <summary>`dev init --data DIR`: creates the development CA, two TSUs and their configuration.</summary>
public static class DevInitCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = $"Data directory to create (default ./{ServeCommand.DefaultDataDirectory})" };
        var keyType = new Option<string>("--key-type") { Description = "TSU key type for both TSUs: rsa-3072 (default), rsa-3072-pss, ecdsa-p256, ecdsa-p384" };
        var qualifiedKeyType = new Option<string>("--qualified-key-type") { Description = "Key type of the qualified TSU, if it differs" };
        var force = new Option<bool>("--force") { Description = "Replace an existing development set-up" };
        var softwareKeys = new Option<bool>("--software-keys") { Description = "Keep the TSU keys in PKCS#8 files instead of a SoftHSM2 token (not HSM-protected)" };
        var init = new Command("init", "Create a development root CA, two TSUs (non-qualified and qualified) and tsa.json")
        {
            data, keyType, qualifiedKeyType, force, softwareKeys,
        };
        init.SetAction(parse =>
        {
            string dataDirectory = Path.GetFullPath(parse.GetValue(data) ?? ServeCommand.DefaultDataDirectory);
            var nonQualified = DevKeyType.Rsa3072;
            if (parse.GetValue(keyType) is { } k && !DevKeyTypes.TryParse(k, out nonQualified))
            {
                Console.Error.WriteLine($"--key-type '{k}' is not one of rsa-3072, rsa-3072-pss, ecdsa-p256, ecdsa-p384");
                return ExitCodes.Usage;
            }

            var qualified = nonQualified;
            if (parse.GetValue(qualifiedKeyType) is { } q && !DevKeyTypes.TryParse(q, out qualified))
            {
                Console.Error.WriteLine($"--qualified-key-type '{q}' is not one of rsa-3072, rsa-3072-pss, ecdsa-p256, ecdsa-p384");
                return ExitCodes.Usage;
            }

            try
            {
                var store = parse.GetValue(softwareKeys) ? DevKeyStore.Software : EmbeddedDefault.PreferredStore();
                string config = EmbeddedDefault.Initialize(dataDirectory, new EmbeddedDefault.Options(nonQualified, qualified, store), parse.GetValue(force));
                Console.WriteLine($"Created {config}");
                Console.WriteLine($"Development root CA: {Path.Combine(dataDirectory, EmbeddedDefault.RootCaFileName)}");
                Console.WriteLine($"Disclosure statement extract: {Hosting.EmbeddedDisclosureStatement.WriteFor(dataDirectory)}");
                Console.WriteLine($"Development trusted list: {Path.Combine(dataDirectory, ReferenceTsa.TrustedList.DevTrustedList.ListFileName)} (qualified TSU as granted TSA/QTST), "
                                  + $"list of lists {Path.Combine(dataDirectory, ReferenceTsa.TrustedList.DevTrustedList.ListOfListsFileName)}, "
                                  + $"its pinned signer {Path.Combine(dataDirectory, ReferenceTsa.TrustedList.DevTrustedList.ListOfListsSignerFileName)}");
                if (store == DevKeyStore.SoftHsm)
                {
                    Console.WriteLine($"TSU keys: {nonQualified.Name()} (non-qualified), {qualified.Name()} (qualified), generated inside the SoftHSM2 "
                                      + $"token '{EmbeddedDefault.DevTokenLabel}' ({Path.Combine(dataDirectory, EmbeddedDefault.SoftHsmTokenDirectoryName)}); "
                                      + $"user PIN in {Path.Combine(dataDirectory, EmbeddedDefault.UserPinFileName)} (development only).");
                }
                else
                {
                    Console.Error.WriteLine(EmbeddedDefault.SoftwareKeyWarning);
                }

                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException
                                          or Net.Pkcs11Interop.Common.Pkcs11Exception)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.CannotCreate;
            }
        });
        return new Command("dev", "Development helpers") { init };
    }
}
