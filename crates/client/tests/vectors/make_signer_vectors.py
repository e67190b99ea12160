"""Writes signer_vectors.json: AK/SK (SDK-HMAC-SHA256) signatures made by
Huawei's official Python SDK, for the Rust signer's tests to match.

    python3 -m venv /tmp/v && /tmp/v/bin/pip install huaweicloudsdkcore==3.1.219
    /tmp/v/bin/python crates/client/tests/vectors/make_signer_vectors.py

Every request is signed with a fixed X-Sdk-Date so the output is stable.
The inputs are what goes on the wire: the path as sent (path parameters
already percent-encoded, as the SDK's ApiClient does), the query as
(key, value) pairs before encoding, every header, and the exact body bytes.
"""

import json
import os
import sys
from importlib.metadata import version

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

AK = "HPUAEXAMPLEAK0000001"
SK = "exampleSecretKey/with+special=chars0000000"
DATE = "20261122T101530Z"

CASES = [
    {
        "name": "cbr replicate backup, JSON body",
        "method": "POST",
        "host": "cbr.cn-north-4.myhuaweicloud.com",
        "path": "/v3/4229d7a45436489f8c3dc2b1d35d4987/backups/6df2b54c-dd62-4059-a07c-1b8f24f2725d/replicate",
        "query": [],
        "headers": {
            "Content-Type": "application/json;charset=UTF-8",
            "X-Project-Id": "4229d7a45436489f8c3dc2b1d35d4987",
        },
        "body": '{"replicate":{"destination_project_id":"68589cac08274b82b4e254268a3862d8","destination_region":"region2","destination_vault_id":"0ca3eb86-8800-46da-9c37-9d657a825274"}}',
    },
    {
        "name": "query with special characters and repeated keys, empty body",
        "method": "GET",
        "host": "cbr.ap-southeast-1.myhuaweicloud.com",
        "path": "/v3/4229d7a45436489f8c3dc2b1d35d4987/backups",
        "query": [
            ["name", "a b&c=d/é+"],
            ["tag", "zeta"],
            ["tag", "alpha"],
            ["marker", "~._-*!'()"],
            ["Limit", "10"],
            ["empty", ""],
        ],
        "headers": {"Content-Type": "application/json"},
        "body": "",
    },
    {
        "name": "non-ASCII body",
        "method": "POST",
        "host": "gaussdb.cn-north-4.myhuaweicloud.com",
        "path": "/v3/4229d7a45436489f8c3dc2b1d35d4987/backups/create",
        "query": [],
        "headers": {
            "Content-Type": "application/json",
            "X-Language": "zh-cn",
            "X-Project-Id": "4229d7a45436489f8c3dc2b1d35d4987",
        },
        "body": '{"instance_id":"07033b125fd94a8a96896f8bcfee6ddain07","name":"备份-1","description":"ünïcødé ✓ 🚀"}',
    },
    {
        "name": "explicit port and an encoded path parameter",
        "method": "POST",
        "host": "127.0.0.1:8443",
        "path": "/v3/4229d7a45436489f8c3dc2b1d35d4987/backups/..%2Fx%3Fy%23z%20%C3%A9/replicate",
        "query": [],
        "headers": {"Content-Type": "application/json"},
        "body": "{}",
    },
    {
        "name": "temporary keys, padded header values, an underscore header left unsigned",
        "method": "POST",
        "host": "cbr.eu-west-101.myhuaweicloud.eu",
        "path": "/v3/4229d7a45436489f8c3dc2b1d35d4987/checkpoints/replicate",
        "query": [],
        "headers": {
            "Content-Type": "application/json",
            "X-Security-Token": "  gQpjbi1ub3J0aC00-temporary-token  ",
            "User-Agent": "hwbackup-rust/0.1 quickstart",
            "X_Not_Signed": "ignored",
        },
        "body": '{"replicate":{"vault_id":"3b5816b5-f29c-4172-9d9a-76c719a659ce"}}',
    },
    {
        "name": "POST with an empty body",
        "method": "POST",
        "host": "cbr.cn-north-4.myhuaweicloud.com",
        "path": "/v3/4229d7a45436489f8c3dc2b1d35d4987/backups/sync",
        "query": [],
        "headers": {"Content-Type": "application/json"},
        "body": "",
    },
]


def request_for(case):
    headers = dict(case["headers"])
    headers["X-Sdk-Date"] = DATE
    return SdkRequest(
        method=case["method"],
        schema="https",
        host=case["host"],
        resource_path=case["path"],
        query_params=[tuple(pair) for pair in case["query"]],
        header_params=headers,
        body=case["body"].encode("utf-8"),
    )


def sign(case):
    signer = Signer(BasicCredentials(AK, SK))
    # The canonical request, from the SDK's own steps, for readable test
    # failures; the signature below is the SDK's sign() on a fresh request.
    request = request_for(case)
    signer._process_header_host(request)
    signed = Signer._process_signed_headers(request)
    canonical = signer._process_canonical_request(request, signed)
    request = signer.sign(request_for(case))
    return {
        "canonical_request": canonical,
        "authorization": request.header_params["Authorization"],
        "uri": request.uri,
    }


def main():
    out = {
        "generator": "huaweicloudsdkcore " + version("huaweicloudsdkcore"),
        "access_key": AK,
        "secret_key": SK,
        "date": DATE,
        "cases": [],
    }
    for case in CASES:
        out["cases"].append({**case, "expected": sign(case)})
    default = os.path.join(os.path.dirname(os.path.abspath(__file__)), "signer_vectors.json")
    path = sys.argv[1] if len(sys.argv) > 1 else default
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
