"""Huawei's official Python SDK runs a whole workflow against the emulator
binary (stateful), and every answer must agree with the ones before it:

    python workflow.py path/to/hwbackup-emulator

CBR: create a vault and a policy, find the vault again and in the list,
rename it, apply the policy (the policy then lists the vault), remove it,
delete the vault (it is no longer found: BackupService.6105, and the
policy no longer lists it). TaurusDB (its own emulator, answering at the
root): a manual backup is listed BUILDING until its job is done, then
COMPLETED, and is gone once deleted (DBS.201010 for it afterwards).
"""

import subprocess
import sys
import time

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkcore.http.http_config import HttpConfig
import huaweicloudsdkcbr.v1 as cbr
import huaweicloudsdkgaussdb.v3 as gaussdb

AK = "WORKFLOWACCESSKEY000"
SK = "workflow-secret-key"
PROJECT = "4229d7a45436489f8c3dc2b1d35d4987"


def start(binary, root_service, *extra):
    emu = subprocess.Popen(
        [binary, "--listen", "127.0.0.1:0", "--ak", AK, "--sk", SK, "--project", PROJECT,
         "--root-service", root_service, *extra],
        stdout=subprocess.PIPE,
        text=True,
    )
    url = emu.stdout.readline().split(" listening on ")[1].split()[0]
    return emu, url


def client(sdk_class, url):
    config = HttpConfig.get_default_config()
    config.retry_times = 0
    return (sdk_class.new_builder().with_http_config(config)
            .with_credentials(BasicCredentials(AK, SK, PROJECT))
            .with_endpoints([url]).build())


def expect(cond, what):
    if not cond:
        print("FAILED:", what)
        sys.exit(1)
    print("ok:", what)


def error_code(call):
    try:
        call()
    except ClientRequestException as e:
        return e.error_code
    return None


def cbr_workflow(url):
    c = client(cbr.CbrClient, url)
    billing = cbr.BillingCreate(consistent_level="crash_consistent", object_type="server",
                                protect_type="backup", size=100)
    vault = c.create_vault(cbr.CreateVaultRequest(body=cbr.VaultCreateReq(vault=cbr.VaultCreate(
        billing=billing, name="from-python", resources=[])))).vault
    expect(vault.name == "from-python" and vault.id, "a vault is created with an id")
    shown = c.show_vault(cbr.ShowVaultRequest(vault_id=vault.id)).vault
    expect(shown.id == vault.id and shown.name == "from-python", "it is found again by id")
    listed = c.list_vault(cbr.ListVaultRequest(limit=10))
    expect(listed.count == 1 and [v.id for v in listed.vaults] == [vault.id], "and listed, counted once")
    c.update_vault(cbr.UpdateVaultRequest(vault_id=vault.id, body=cbr.VaultUpdateReq(
        vault=cbr.VaultUpdate(name="renamed"))))
    expect(c.show_vault(cbr.ShowVaultRequest(vault_id=vault.id)).vault.name == "renamed",
           "a rename shows in the next read")

    policy = c.create_policy(cbr.CreatePolicyRequest(body=cbr.PolicyCreateReq(policy=cbr.PolicyCreate(
        enabled=True, name="nightly", operation_type="backup",
        operation_definition=cbr.PolicyoODCreate(retention_duration_days=1, timezone="UTC+01:00"),
        trigger=cbr.PolicyTriggerReq(properties=cbr.PolicyTriggerPropertiesReq(
            pattern=["FREQ=WEEKLY;BYDAY=MO;BYHOUR=14;BYMINUTE=00"])))))).policy
    expect(policy.id and policy.name == "nightly", "a policy is created")

    def applied():
        p = c.show_policy(cbr.ShowPolicyRequest(policy_id=policy.id)).policy
        return [v.vault_id for v in (p.associated_vaults or [])]

    c.associate_vault_policy(cbr.AssociateVaultPolicyRequest(
        vault_id=vault.id, body=cbr.VaultAssociate(policy_id=policy.id)))
    expect(applied() == [vault.id], "the policy, applied, lists the vault")
    c.disassociate_vault_policy(cbr.DisassociateVaultPolicyRequest(
        vault_id=vault.id, body=cbr.VaultDissociate(policy_id=policy.id)))
    expect(applied() == [], "removed, it lists none")
    code = error_code(lambda: c.disassociate_vault_policy(cbr.DisassociateVaultPolicyRequest(
        vault_id=vault.id, body=cbr.VaultDissociate(policy_id=policy.id))))
    expect(code == "BackupService.6002", f"removing it again is the documented error ({code})")

    c.associate_vault_policy(cbr.AssociateVaultPolicyRequest(
        vault_id=vault.id, body=cbr.VaultAssociate(policy_id=policy.id)))
    c.delete_vault(cbr.DeleteVaultRequest(vault_id=vault.id))
    code = error_code(lambda: c.show_vault(cbr.ShowVaultRequest(vault_id=vault.id)))
    expect(code == "BackupService.6105", f"the deleted vault is not found ({code})")
    expect(applied() == [], "and the policy no longer lists it")
    expect(c.list_vault(cbr.ListVaultRequest()).count == 0, "the list is empty again")


def taurusdb_workflow(url):
    c = client(gaussdb.GaussDBClient, url)
    instance = "07033b125fd94a8a96896f8bcfee6ddain07"
    created = c.create_gauss_my_sql_backup(gaussdb.CreateGaussMySqlBackupRequest(
        body=gaussdb.MysqlCreateBackupRequest(instance_id=instance, name="backup-1")))
    backup_id = created.backup.id
    expect(backup_id and created.job_id, "a manual backup starts a job")

    def listed():
        r = c.show_gauss_my_sql_backup_list(gaussdb.ShowGaussMySqlBackupListRequest(instance_id=instance))
        return r.total_count, [(b.id, b.status) for b in (r.backups or [])]

    expect(listed() == (1, [(backup_id, "BUILDING")]), "it is listed, BUILDING")
    deadline = time.time() + 10
    while listed()[1] != [(backup_id, "COMPLETED")] and time.time() < deadline:
        time.sleep(0.2)
    expect(listed() == (1, [(backup_id, "COMPLETED")]), "its job done, it is COMPLETED")
    job = c.show_gauss_my_sql_job_info(gaussdb.ShowGaussMySqlJobInfoRequest(id=created.job_id)).job
    expect(job.status == "Completed", "and its job says so")
    c.delete_gauss_my_sql_backup(gaussdb.DeleteGaussMySqlBackupRequest(backup_id=backup_id))
    expect(listed() == (0, []), "deleted, it is gone")
    code = error_code(lambda: c.delete_gauss_my_sql_backup(
        gaussdb.DeleteGaussMySqlBackupRequest(backup_id=backup_id)))
    expect(code == "DBS.201010", f"deleting it again is the documented error ({code})")


def main(binary):
    for root, run, extra in [("cbr", cbr_workflow, []),
                             ("gaussdb_mysql", taurusdb_workflow, [])]:
        emu, url = start(binary, root, *extra)
        try:
            run(url)
        finally:
            emu.terminate()
            emu.wait()
    print("workflow: OK")


if __name__ == "__main__":
    main(sys.argv[1])
