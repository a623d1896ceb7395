using Conformance.Runner.Targets;
using Conformance.Steps.Context;

namespace Conformance.Suite.Tests.Reference;

/// <summary>The target file's hsm: section: what it accepts, and a message naming the line for each mistake.</summary>
public sealed class HsmTargetFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tsa-conformance-hsm-target-").FullName;

    public HsmTargetFileTests()
    {
        File.WriteAllText(Path.Combine(_folder, "user-pin"), "1234\n");
        File.WriteAllText(Path.Combine(_folder, "softhsm2.conf"), "directories.tokendir = /nonexistent/\n");
    }

    private string Target(string hsm) => Path.Combine(_folder, "target.yaml") is var path
        ? WriteAndReturn(path, $"url: https://tsa.example/tsa\nhsm:\n{hsm}")
        : throw new InvalidOperationException();

    private static string WriteAndReturn(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_complete_hsm_section_gives_module_token_pin_source_and_both_keys()
    {
        string path = Target("""
              module: /usr/lib/softhsm/libsofthsm2.so
              token-label: tsa-keys
              pin-file: user-pin
              softhsm2-conf: softhsm2.conf
              key-label: tsu-1
              qualified-key-id: "0a:1B:ff"
            """);

        TargetDefinition target = TargetFileLoader.Load(path);

        Assert.NotNull(target.Hsm);
        Assert.Equal("/usr/lib/softhsm/libsofthsm2.so", target.Hsm.ModulePath);
        Assert.Equal("tsa-keys", target.Hsm.TokenLabel);
        Assert.Equal(Path.Combine(_folder, "user-pin"), target.Hsm.PinFile);
        Assert.Equal("1234", target.Hsm.ReadPin());
        Assert.Equal(Path.Combine(_folder, "softhsm2.conf"), target.Hsm.SoftHsm2Conf);
        Assert.Equal("tsu-1", target.Hsm.NonQualifiedKey!.Label);
        Assert.Equal(new byte[] { 0x0a, 0x1b, 0xff }, target.Hsm.QualifiedKey!.Id);
    }

    [Fact]
    public void A_PIN_written_in_the_file_is_refused_and_every_mistake_is_named_with_its_line()
    {
        string path = Target("""
              module: /nonexistent/libpkcs11.so
              slot: first
              pin: "1234"
              key-id: xyz
              colour: blue
            """);

        var error = Assert.Throws<TargetFileException>(() => TargetFileLoader.Load(path));
        string all = string.Join("\n", error.Errors);

        Assert.Contains($"{path}:3: hsm.module: /nonexistent/libpkcs11.so does not exist", all);
        Assert.Contains($"{path}:4: hsm.slot is a PKCS#11 slot ID (a whole number), not 'first'", all);
        Assert.Contains("hsm.pin: the HSM PIN is never written in the target file", all);
        Assert.Contains($"{path}:6: hsm.key-id is the key's CKA_ID in hexadecimal, not 'xyz'", all);
        Assert.Contains($"{path}:7: unknown key 'colour' in hsm", all);
        Assert.DoesNotContain("1234", all);
    }

    [Fact]
    public void A_missing_PIN_source_token_or_key_is_named()
    {
        string path = Target("""
              module: /usr/lib/softhsm/libsofthsm2.so
              pin-env: TSA_CONFORMANCE_TEST_UNSET_PIN_VARIABLE
            """);

        var error = Assert.Throws<TargetFileException>(() => TargetFileLoader.Load(path));
        string all = string.Join("\n", error.Errors);

        Assert.Contains("hsm needs token-label or slot to find the token", all);
        Assert.Contains("environment variable TSA_CONFORMANCE_TEST_UNSET_PIN_VARIABLE (named by hsm.pin-env) is not set", all);
        Assert.Contains("hsm names no key", all);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
