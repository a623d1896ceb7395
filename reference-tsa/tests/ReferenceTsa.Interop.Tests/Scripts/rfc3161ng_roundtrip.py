"""Round trip through Debian's python3-rfc3161ng against one reference TSA endpoint.

Usage: /usr/bin/python3 rfc3161ng_roundtrip.py URL TSU_CERT_DER_FILE
Prints one JSON object: for each step, {"ok": true, "value": ...} or {"ok": false, "type": ..., "message": ...}.
The C# test decides what each outcome means; this script only reports.
"""
import json
import os
import sys

try:
    import rfc3161ng
except ImportError as error:
    print(json.dumps({"import_error": str(error)}))
    sys.exit(3)

url, certificate_file = sys.argv[1], sys.argv[2]
with open(certificate_file, "rb") as f:
    certificate = f.read()  # DER

data = os.urandom(512)
nonce = int.from_bytes(os.urandom(8), "big") >> 1
result = {"nonce": str(nonce), "module": rfc3161ng.__file__}


def attempt(name, step):
    try:
        value = step()
        result[name] = {"ok": True, "value": value if isinstance(value, (bool, int, str)) else repr(value)}
    except Exception as error:  # report every failure, precisely
        result[name] = {"ok": False, "type": type(error).__module__ + "." + type(error).__qualname__, "message": str(error)}


# 1. The client as documented: RemoteTimestamper with the TSU certificate checks nonce, imprint and signature itself.
checked = rfc3161ng.RemoteTimestamper(url, certificate=certificate, hashname="sha256")
attempt("remote_checked", lambda: len(checked(data=data, nonce=nonce)))

# 2. Fetch without a certificate (no check), then check_timestamp explicitly, and with a wrong nonce and wrong data.
unchecked = rfc3161ng.RemoteTimestamper(url, hashname="sha256")
token = unchecked(data=data, nonce=nonce)
result["token_length"] = len(token)
attempt("check", lambda: rfc3161ng.check_timestamp(token, certificate=certificate, data=data, hashname="sha256", nonce=nonce))
attempt("check_wrong_nonce",
        lambda: rfc3161ng.check_timestamp(token, certificate=certificate, data=data, hashname="sha256", nonce=nonce + 1))
attempt("check_wrong_data",
        lambda: rfc3161ng.check_timestamp(token, certificate=certificate, data=data + b"!", hashname="sha256", nonce=nonce))
attempt("gen_time", lambda: rfc3161ng.get_timestamp(token, naive=False).isoformat())
print(json.dumps(result))
