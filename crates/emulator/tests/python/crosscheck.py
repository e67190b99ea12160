"""Points Huawei's official Python SDK at the emulator binary and calls all
four operations with the doc example inputs (read from spec/).

    python crosscheck.py path/to/hwbackup-emulator

Needs huaweicloudsdkcbr and huaweicloudsdkgaussdb from PyPI (.ci/run installs
them). Checks that the emulator accepts the SDK's signed requests, that the
SDK decodes every answer, and that a wrong secret key gets a 401.
"""

import json
import os
import subprocess
import sys

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcbr.v1 import (
    BackupReplicateReq,
    BackupReplicateReqBody,
    BackupSync,
    BackupSyncReq,
    CbrClient,
    CheckpointReplicateParam,
    CheckpointReplicateReq,
    CopyBackupRequest,
    CopyCheckpointRequest,
    ImportBackupRequest,
)
from huaweicloudsdkgaussdb.v3 import (
    CreateGaussMySqlBackupRequest,
    GaussDBClient,
    MysqlCreateBackupRequest,
)

AK = "CROSSCHECKACCESSKEY0"
SK = "crosscheck-secret-key"
PROJECT = "4229d7a45436489f8c3dc2b1d35d4987"
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))


def spec(name):
    with open(os.path.join(ROOT, "spec", name), encoding="utf-8") as f:
        return json.load(f)


def request_example(doc, op_id):
    for item in doc["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == op_id:
                examples = op["requestBody"]["content"]["application/json"]["examples"]
                return next(iter(examples.values()))["value"]
    raise KeyError(op_id)


def client(cls, url, sk=SK):
    config = HttpConfig.get_default_config()
    config.retry_times = 0
    return (
        cls.new_builder()
        .with_http_config(config)
        .with_credentials(BasicCredentials(AK, sk, PROJECT))
        .with_endpoints([url])
        .build()
    )


def main(binary):
    emu = subprocess.Popen(
        # Stateless: the seed calls use the pages' example ids, which no record has.
        [binary, "--listen", "127.0.0.1:0", "--ak", AK, "--sk", SK, "--project", PROJECT, "--stateless"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = emu.stdout.readline()
        url = line.split(" listening on ")[1].split()[0]
        run(url)
    finally:
        emu.terminate()
        emu.wait()


def run(url):
    cbr_spec, mysql_spec = spec("cbr.json"), spec("gaussdb-mysql.json")
    cbr = client(CbrClient, url)
    mysql = client(GaussDBClient, url)

    ex = request_example(cbr_spec, "ReplicateBackup")
    body = BackupReplicateReq(replicate=BackupReplicateReqBody(**ex["replicate"]))
    r = cbr.copy_backup(CopyBackupRequest(backup_id="6df2b54c-dd62-4059-a07c-1b8f24f2725d", body=body))
    assert r.replication.backup_id == "6df2b54c-dd62-4059-a07c-1b8f24f2725d", r
    assert r.replication.project_id == PROJECT, r
    assert r.replication.destination_region == ex["replicate"]["destination_region"], r
    print("CopyBackup (ReplicateBackup): replication record", r.replication.replication_record_id)

    ex = request_example(cbr_spec, "ReplicateRestorePoint")
    body = CheckpointReplicateReq(replicate=CheckpointReplicateParam(**ex["replicate"]))
    r = cbr.copy_checkpoint(CopyCheckpointRequest(body=body))
    assert r.replication.vault_id == ex["replicate"]["vault_id"], r
    assert r.replication.backups, r
    print("CopyCheckpoint (ReplicateRestorePoint):", len(r.replication.backups), "backups")

    ex = request_example(cbr_spec, "SyncBackups")
    body = BackupSyncReq(sync=[BackupSync(**item) for item in ex["sync"]])
    r = cbr.import_backup(ImportBackupRequest(body=body))
    assert [s.backup_id for s in r.sync] == [s["backup_id"] for s in ex["sync"]], r
    print("ImportBackup (SyncBackups): operation log", r.sync[0].operation_log_id)

    ex = request_example(mysql_spec, "CreateManualBackup")
    body = MysqlCreateBackupRequest(**ex)
    r = mysql.create_gauss_my_sql_backup(CreateGaussMySqlBackupRequest(x_language="en-us", body=body))
    assert r.backup.name == ex["name"] and r.backup.instance_id == ex["instance_id"], r
    assert r.job_id, r
    print("CreateGaussMySqlBackup (CreateManualBackup): backup", r.backup.id, "status", r.backup.status)

    wrong = client(GaussDBClient, url, sk="not-the-secret-key")
    try:
        wrong.create_gauss_my_sql_backup(CreateGaussMySqlBackupRequest(body=body))
        raise AssertionError("a wrong secret key was accepted")
    except ClientRequestException as e:
        assert e.status_code == 401, e
        print("wrong secret key: HTTP", e.status_code, e.error_code)

    broken = MysqlCreateBackupRequest(instance_id="short", name="1-digit-first")
    try:
        mysql.create_gauss_my_sql_backup(CreateGaussMySqlBackupRequest(body=broken))
        raise AssertionError("a broken request was accepted")
    except ClientRequestException as e:
        assert e.status_code == 400 and "instance_id" in e.error_msg, e
        print("broken request: HTTP", e.status_code, e.error_code)
    print("crosscheck: OK")


if __name__ == "__main__":
    main(sys.argv[1])
