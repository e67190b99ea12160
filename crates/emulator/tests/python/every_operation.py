"""Huawei's official Python SDK calls every operation of spec/ that it has,
against the emulator binary, with the inputs the Rust client's generated
wire tests use (crates/client/tests/generated/): each doc example body,
and for each parameter its example, its default, or a value made from its
rules (the same rule as codegen/src/emit/tests.rs::param_value).

    python every_operation.py path/to/hwbackup-emulator

The emulator records what it received (--record-calls, GET
/__emulator/calls). For each operation the SDK's request must be JSON-equal
to the Rust client's for the same inputs: the same method and path, the
same query pairs, and the doc example as the body (the Rust client's wire
tests prove it sends exactly those). Operations the SDK lacks are listed.
"""

import importlib
import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig

AK = "CROSSCHECKACCESSKEY0"
SK = "crosscheck-secret-key"
PROJECT = "4229d7a45436489f8c3dc2b1d35d4987"
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
SERVICES = [
    ("cbr.json", "cbr", "huaweicloudsdkcbr.v1", "CbrClient"),
    ("gaussdb-mysql.json", "gaussdb_mysql", "huaweicloudsdkgaussdb.v3", "GaussDBClient"),
]


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def resolve(doc, schema):
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].split("/")[-1]]
    return schema


def value_for(doc, param):
    """A value that keeps the parameter's rules, as the Rust tests choose it."""
    schema = resolve(doc, param.get("schema", {}))
    given = param.get("example", schema.get("default"))

    def scalar(s, given):
        s = resolve(doc, s)
        t = s.get("type")
        if "enum" in s:
            return given if given in s["enum"] else s["enum"][0]
        if t == "integer":
            n = int(given) if given is not None else max(int(s.get("minimum", 1)), 1)
            return min(n, int(s["maximum"])) if "maximum" in s else n
        if t == "number":
            return s.get("minimum", 1.0)
        if t == "boolean":
            return given if isinstance(given, bool) else True
        if given is not None:
            return str(given)
        if "pattern" in s:
            return None
        n = max(s.get("minLength", 1), 1)
        return ("0123456789abcdef" * (n // 16 + 1))[:n]

    if schema.get("type") == "array":
        item = scalar(schema.get("items", {}), None)
        return None if item is None else [item]
    return scalar(schema, given)


def wire(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return ",".join(wire(x) for x in v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def operations(doc):
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and "responses" in op:
                yield path, method.upper(), op


def attribute_of(name):
    """The SDK's attribute for a parameter: `X-Language` -> `x_language`."""
    return name.replace("-", "_").lower() if "-" in name else snake(name)


def main(binary):
    missing, failed, called = [], [], 0
    for service in SERVICES:
        # One emulator per service, each answering at its root the paths
        # CBR and TaurusDB share: the SDK drops an endpoint's path prefix.
        emu = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0", "--ak", AK, "--sk", SK, "--project", PROJECT,
             "--record-calls", "1000", "--root-service", service[1], "--stateless"],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            url = emu.stdout.readline().split(" listening on ")[1].split()[0]
            called += run(url, service, missing, failed)
        finally:
            emu.terminate()
            emu.wait()
    for m in missing:
        print("not in the official SDK:", m)
    if failed:
        print("\n".join(["FAILED:"] + failed))
        sys.exit(1)
    print(f"every operation: OK ({called} called through the official SDK, {len(missing)} not in it)")


def run(url, service, missing, failed):
    config = HttpConfig.get_default_config()
    config.retry_times = 0
    expected = []
    for spec_file, module, package, client_name in [service]:
        with open(os.path.join(ROOT, "spec", spec_file), encoding="utf-8") as f:
            doc = json.load(f)
        sdk = importlib.import_module(package)
        client = (
            getattr(sdk, client_name).new_builder()
            .with_http_config(config)
            .with_credentials(BasicCredentials(AK, SK, PROJECT))
            .with_endpoints([url])
            .build()
        )
        for path, method, op in operations(doc):
            name = op.get("x-sdk-operation", op["operationId"])
            if name is False:
                # The overlay records that the SDK has no such call.
                missing.append(f"{module} {op['operationId']} (not in the SDK)")
                continue
            call = getattr(client, snake(name), None)
            request_class = getattr(sdk, f"{name}Request", None)
            if call is None or request_class is None:
                missing.append(f"{module} {op['operationId']} ({name})")
                continue
            request = request_class()
            want_path, query = path.replace("{project_id}", PROJECT), []
            for param in op.get("parameters", []):
                if param["name"] == "project_id" and param["in"] == "path":
                    continue
                value = value_for(doc, param)
                if value is None:
                    continue
                attribute = attribute_of(param["name"])
                if not hasattr(request, attribute):
                    if param.get("required"):
                        failed.append(f"{name}: the SDK's request has no {attribute}")
                    else:
                        # An optional parameter the page documents and the SDK lacks:
                        # not sent, and not expected on the wire.
                        missing.append(f"{module} {op['operationId']}: its optional {param['in']} parameter {param['name']}")
                    continue
                setattr(request, attribute, value)
                if param["in"] == "path":
                    want_path = want_path.replace("{" + param["name"] + "}", wire(value))
                elif param["in"] == "query":
                    items = value if isinstance(value, list) and param.get("explode", True) else [value]
                    query.extend((param["name"], wire(v)) for v in items)
            body = None
            content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            if content.get("examples"):
                body = next(iter(content["examples"].values()))["value"]
                request.body = body
            try:
                call(request)
            except Exception as e:  # the SDK's own exceptions, or a decoding failure
                failed.append(f"{name}: {type(e).__name__}: {str(e)[:300]}")
                continue
            expected.append((module, op["operationId"], name, method, want_path, sorted(query), body))
    with urllib.request.urlopen(f"{url}/__emulator/calls") as r:
        calls = json.load(r)
    for module, op_id, name, method, want_path, query, body in expected:
        got = [c for c in calls if c["service"] == module and c["operation"] == op_id]
        if len(got) != 1:
            failed.append(f"{name}: the emulator recorded {len(got)} calls of {op_id}")
            continue
        c = got[0]
        path = c["path"]
        pairs = sorted(urllib.parse.parse_qsl(c["query"], keep_blank_values=True))
        problems = []
        if c["method"] != method:
            problems.append(f"method {c['method']} != {method}")
        if path != want_path:
            problems.append(f"path {path} != {want_path}")
        if pairs != query:
            problems.append(f"query {pairs} != {query}")
        if c["body"] != body:
            problems.append(f"body {json.dumps(c['body'])[:200]} != {json.dumps(body)[:200]}")
        if problems:
            failed.append(f"{name} ({op_id}): " + "; ".join(problems))
        else:
            print(f"{module} {op_id} ({name}): {method} {want_path} equal to the Rust client's request")
    return len(expected)


if __name__ == "__main__":
    main(sys.argv[1])
