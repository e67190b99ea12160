//! A workflow against the emulator's state (issue #14's first cut): what one
//! call creates, the next calls find, list, page, filter, update and
//! delete, and each answer agrees with the ones before it.

mod support;

use hwbackup_client::models::cbr::{CreatePolicyRequest, CreateVaultRequest, UpdateVaultRequest};
use hwbackup_client::Error;
use hwbackup_emulator::Emulator;
use support::*;

const VAULT: &str = r#"{"vault": {"backup_policy_id": "6dd81d7d-a4cb-443e-b8ed-1af0bd3a261b", "billing": {"charging_mode": "post_paid", "cloud_type": "public", "consistent_level": "crash_consistent", "object_type": "server", "protect_type": "backup", "size": 100}, "description": "vault_description", "name": "NAME", "resources": [{"id": "23a320a5-3efd-4568-b1aa-8dd9183cc64c", "type": "OS::Nova::Server"}]}}"#;
const POLICY: &str = r#"{"policy": {"enabled": true, "name": "policy001", "operation_definition": {"retention_duration_days": 1, "timezone": "UTC+01:00"}, "operation_type": "backup", "trigger": {"properties": {"pattern": ["FREQ=WEEKLY;BYDAY=MO;BYHOUR=14;BYMINUTE=00"]}}}}"#;

fn vault(name: &str) -> CreateVaultRequest {
    serde_json::from_str(&VAULT.replace("NAME", name)).unwrap()
}

#[tokio::test]
async fn a_vault_s_whole_life_agrees_with_itself() {
    let emu = Emulator::start().await.unwrap();
    let cbr = aksk_client(&emu);
    let cbr = cbr.cbr();

    let first = cbr
        .create_vault()
        .body(vault("first"))
        .send()
        .await
        .unwrap();
    let first = first.body.vault.unwrap();
    let id = first.id.clone().unwrap();
    assert_eq!(first.name.as_deref(), Some("first"));
    let second = cbr
        .create_vault()
        .body(vault("second"))
        .send()
        .await
        .unwrap();
    let second_id = second.body.vault.unwrap().id.unwrap();
    assert_ne!(id, second_id, "each create makes a new id");

    // Shown as created.
    let shown = cbr.show_vault().vault_id(&id).send().await.unwrap();
    let shown = shown.body.vault.unwrap();
    assert_eq!(shown.id.as_deref(), Some(id.as_str()));
    assert_eq!(shown.name.as_deref(), Some("first"));

    // Listed in creation order, with the total; paged by offset; filtered.
    let page = cbr.list_vault().send().await.unwrap();
    assert_eq!(page.body.count, Some(2));
    let names: Vec<String> = page
        .body
        .vaults
        .unwrap()
        .into_iter()
        .map(|v| v.name.unwrap())
        .collect();
    assert_eq!(names, ["first", "second"]);
    let all = cbr.list_vault().limit(1).items().collect().await.unwrap();
    assert_eq!(all.len(), 2);
    let one = cbr.list_vault().name("second").send().await.unwrap();
    let found = one.body.vaults.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id.as_deref(), Some(second_id.as_str()));

    // Updated: the change shows, the rest stays.
    let change: UpdateVaultRequest =
        serde_json::from_str(r#"{"vault": {"name": "renamed", "billing": {"size": 200}}}"#)
            .unwrap();
    let updated = cbr
        .update_vault()
        .vault_id(&id)
        .body(change)
        .send()
        .await
        .unwrap();
    let updated = updated.body.vault.unwrap();
    assert_eq!(updated.name.as_deref(), Some("renamed"));
    let again = cbr
        .show_vault()
        .vault_id(&id)
        .send()
        .await
        .unwrap()
        .body
        .vault
        .unwrap();
    assert_eq!(again.name.as_deref(), Some("renamed"));
    assert_eq!(again.billing.unwrap().size, Some(200));
    assert_eq!(again.description.as_deref(), Some("vault_description"));

    // Deleted: gone from show and list, with the documented error.
    let deleted = cbr.delete_vault().vault_id(&id).send().await.unwrap();
    assert_eq!(deleted.status, 204);
    let err = cbr.show_vault().vault_id(&id).send().await.unwrap_err();
    let Error::Service(e) = &err else {
        panic!("{err}")
    };
    assert_eq!(
        (e.status, e.code.as_deref()),
        (404, Some("BackupService.6105"))
    );
    assert_eq!(e.message.as_deref(), Some("The vault does not exist."));
    let err = cbr.delete_vault().vault_id(&id).send().await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(cbr.list_vault().send().await.unwrap().body.count, Some(1));

    // What the emulator holds, for a test's own assertions.
    let held = emu.resources();
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(held[0].0, format!("/v3/{PROJECT}/vaults"));
    assert_eq!(held[0].1.len(), 1);
    assert_eq!(held[0].1[0]["name"], "second");
}

#[tokio::test]
async fn a_policy_is_found_again_until_deleted() {
    let emu = Emulator::start().await.unwrap();
    let client = aksk_client(&emu);
    let body: CreatePolicyRequest = serde_json::from_str(POLICY).unwrap();
    let created = client
        .cbr()
        .create_policy()
        .body(body)
        .send()
        .await
        .unwrap();
    let id = created.body.policy.unwrap().id.unwrap();
    let shown = client
        .cbr()
        .show_policy()
        .policy_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        shown.body.policy.unwrap().name.as_deref(),
        Some("policy001")
    );
    let listed = client.cbr().list_policies().send().await.unwrap();
    assert_eq!(listed.body.policies.unwrap().len(), 1);
    client
        .cbr()
        .delete_policy()
        .policy_id(&id)
        .send()
        .await
        .unwrap();
    let err = client
        .cbr()
        .show_policy()
        .policy_id(&id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error().and_then(|e| e.code.as_deref()),
        Some("BackupService.6000")
    );
}

#[tokio::test]
async fn an_unknown_id_is_not_found_and_a_stateless_emulator_keeps_nothing() {
    let emu = Emulator::start().await.unwrap();
    let client = aksk_client(&emu);
    let id = client
        .cbr()
        .create_vault()
        .body(vault("mine"))
        .send()
        .await
        .unwrap()
        .body
        .vault
        .unwrap()
        .id
        .unwrap();
    assert!(client.cbr().show_vault().vault_id(&id).send().await.is_ok());
    // An unknown id is not found, whatever its shape.
    let err = client
        .cbr()
        .show_vault()
        .vault_id("no-such-vault")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));

    let emu = Emulator::builder().stateless(true).start().await.unwrap();
    let client = aksk_client(&emu);
    client
        .cbr()
        .create_vault()
        .body(vault("gone"))
        .send()
        .await
        .unwrap();
    // The documented example answers, whatever the id.
    assert!(client
        .cbr()
        .show_vault()
        .vault_id("anything")
        .send()
        .await
        .is_ok());
    assert!(emu.resources().is_empty());
}

fn quick() -> hwbackup_client::Waiter {
    hwbackup_client::Waiter::default()
        .interval(std::time::Duration::from_millis(5))
        .backoff(1.0, std::time::Duration::from_millis(5))
        .deadline(std::time::Duration::from_secs(5))
}

#[tokio::test]
async fn a_manual_backup_s_job_runs_until_the_test_finishes_it() {
    let emu = Emulator::builder()
        .job_duration(std::time::Duration::from_secs(3600))
        .start()
        .await
        .unwrap();
    let client = aksk_client(&emu);
    let created = client
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap();
    let job = created.body.job_id.unwrap();
    // Running while its hour has not passed.
    let shown = client
        .gaussdb_mysql()
        .show_job()
        .id(&job)
        .send()
        .await
        .unwrap();
    let status = shown.body.job.unwrap().status.unwrap();
    assert_eq!(status.as_str(), "Running");
    // A waiter with a short deadline gives up, carrying the running record.
    let err = client
        .gaussdb_mysql()
        .show_job()
        .id(&job)
        .wait(&quick().deadline(std::time::Duration::from_millis(30)))
        .await
        .unwrap_err();
    assert!(
        matches!(err, hwbackup_client::WaitError::DeadlineExceeded { .. }),
        "{err}"
    );
    // Time moves on: done.
    emu.advance(std::time::Duration::from_secs(3600));
    let done = client
        .gaussdb_mysql()
        .show_job()
        .id(&job)
        .wait(&quick())
        .await
        .unwrap();
    let record = done.body.job.unwrap();
    assert_eq!(record.status.unwrap().as_str(), "Completed");
    assert_eq!(record.id.as_deref(), Some(job.as_str()));
    // An id no work has gets the documented error.
    let err = client
        .gaussdb_mysql()
        .show_job()
        .id("no-such-job")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error().and_then(|e| e.code.as_deref()),
        Some("DBS.200543")
    );
}

#[tokio::test]
async fn a_sync_s_operation_logs_can_be_made_to_fail() {
    let emu = Emulator::start().await.unwrap();
    let client = aksk_client(&emu);
    let sync: hwbackup_client::models::cbr::BackupSyncReq = serde_json::from_str(
        r#"{"sync": [{"backup_id": "1f9e6b47-7655-4a19-b563-21b4ef023025", "resource_id": "96f7512d-239d-3f31-80cf-d1ce041df9a6", "resource_name": "resource_name", "resource_type": "OS::Nova::Server", "bucket_name": "1555230361623e4ce4700dab84b7d8169a5eaec05227d", "image_path": "6abec15e-7baf-4d79-b5a9-6b98a2da7020/cfe0295c-5939-4b31-96cd-161b4725e7ad/cfe0295c-5939-4b31-96cd-161b4725e7ad", "created_at": 1553587260, "backup_name": "backup_name"}]}"#,
    )
    .unwrap();
    emu.fail_next_job();
    let answer = client
        .cbr()
        .sync_backups()
        .body(sync.clone())
        .send()
        .await
        .unwrap();
    let log = answer.body.sync.unwrap()[0]
        .operation_log_id
        .clone()
        .unwrap();
    let running = client
        .cbr()
        .show_op_log()
        .operation_log_id(&log)
        .send()
        .await
        .unwrap();
    assert_eq!(
        running.body.operation_log.unwrap().status.unwrap().as_str(),
        "running"
    );
    emu.finish_jobs();
    let err = client
        .cbr()
        .show_op_log()
        .operation_log_id(&log)
        .wait(&quick())
        .await
        .unwrap_err();
    let hwbackup_client::WaitError::Failed { status, last } = &err else {
        panic!("{err}")
    };
    assert_eq!(status, "failed");
    assert_eq!(
        last.body.operation_log.as_ref().unwrap().id.as_deref(),
        Some(log.as_str())
    );
    // The synced backup is a record whose status follows its import.
    let backup = "1f9e6b47-7655-4a19-b563-21b4ef023025";
    let status_of = || async {
        let shown = client
            .cbr()
            .show_backup()
            .backup_id(backup)
            .send()
            .await
            .unwrap();
        let backup = shown.body.backup.unwrap();
        assert_eq!(backup.resource_name.as_deref(), Some("resource_name"));
        backup.status.unwrap().as_str().to_owned()
    };
    assert_eq!(status_of().await, "error");
    // Only the next job fails: the one after succeeds once its time is up.
    let answer = client.cbr().sync_backups().body(sync).send().await.unwrap();
    let log = answer.body.sync.unwrap()[0]
        .operation_log_id
        .clone()
        .unwrap();
    emu.advance(hwbackup_emulator::DEFAULT_JOB_DURATION);
    let done = client
        .cbr()
        .show_op_log()
        .operation_log_id(&log)
        .wait(&quick())
        .await
        .unwrap();
    assert_eq!(
        done.body.operation_log.unwrap().status.unwrap().as_str(),
        "success"
    );
    // Synced again, the record follows the new import.
    assert_eq!(status_of().await, "available");
    let listed = client.cbr().list_backups().send().await.unwrap();
    assert_eq!(listed.body.count, Some(1));
}

#[tokio::test]
async fn a_vault_s_tags_are_added_replaced_shown_and_deleted_up_to_twenty() {
    use hwbackup_client::models::cbr::{
        BatchCreateAndDeleteVaultTagsRequest, CreateVaultTagsRequest, Tag,
    };
    let emu = Emulator::start().await.unwrap();
    let client = aksk_client(&emu);
    let cbr = client.cbr();
    let created = cbr
        .create_vault()
        .body(vault("tagged"))
        .send()
        .await
        .unwrap();
    let id = created.body.vault.unwrap().id.unwrap();
    let tag = |k: &str, v: &str| Tag::builder().key(k).value(v);
    let shown = || async {
        let t = cbr.show_vault_tag().vault_id(&id).send().await.unwrap();
        let mut tags: Vec<(String, String)> = t
            .body
            .tags
            .unwrap_or_default()
            .into_iter()
            .map(|t| (t.key.unwrap_or_default(), t.value.unwrap_or_default()))
            .collect();
        tags.sort();
        tags
    };
    // The example vault's own tags go first, to start from none.
    let batch = |action: &str, tags: Vec<hwbackup_client::models::cbr::TagBuilder>| {
        BatchCreateAndDeleteVaultTagsRequest::builder()
            .action(action)
            .tags(tags)
    };
    let before = cbr.show_vault().vault_id(&id).send().await.unwrap();
    let own: Vec<_> = before
        .body
        .vault
        .unwrap()
        .tags
        .unwrap_or_default()
        .into_iter()
        .map(|t| tag(&t.key.unwrap_or_default(), ""))
        .collect();
    cbr.batch_create_and_delete_vault_tags()
        .vault_id(&id)
        .body(batch("delete", own))
        .send()
        .await
        .unwrap();
    assert!(shown().await.is_empty());

    cbr.create_vault_tags()
        .vault_id(&id)
        .body(CreateVaultTagsRequest::builder().tag(tag("env", "test")))
        .send()
        .await
        .unwrap();
    cbr.create_vault_tags()
        .vault_id(&id)
        .body(CreateVaultTagsRequest::builder().tag(tag("env", "prod")))
        .send()
        .await
        .unwrap();
    cbr.batch_create_and_delete_vault_tags()
        .vault_id(&id)
        .body(batch(
            "create",
            vec![tag("team", "db"), tag("tier", "gold")],
        ))
        .send()
        .await
        .unwrap();
    let three = shown().await;
    assert_eq!(three.len(), 3, "{three:?}");
    assert!(
        three.contains(&("env".to_owned(), "prod".to_owned())),
        "{three:?}"
    );
    cbr.delete_vault_tag()
        .vault_id(&id)
        .key("tier")
        .send()
        .await
        .unwrap();
    assert_eq!(shown().await.len(), 2);

    // At most 20: the 21st is the documented error.
    let many = (0..18).map(|i| tag(&format!("k{i}"), "v")).collect();
    cbr.batch_create_and_delete_vault_tags()
        .vault_id(&id)
        .body(batch("create", many))
        .send()
        .await
        .unwrap();
    let err = cbr
        .create_vault_tags()
        .vault_id(&id)
        .body(CreateVaultTagsRequest::builder().tag(tag("one-too-many", "v")))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), Some("BackupService.6600"), "{err}");
}

#[tokio::test]
async fn state_saved_and_loaded_keeps_every_record() {
    let dir = std::env::temp_dir().join(format!("hwbackup-workflow-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let emu = Emulator::start().await.unwrap();
    let client = aksk_client(&emu);
    let mut ids = Vec::new();
    for name in ["a", "b", "c"] {
        let v = client
            .cbr()
            .create_vault()
            .body(vault(name))
            .send()
            .await
            .unwrap();
        ids.push(v.body.vault.unwrap().id.unwrap());
    }
    emu.save_state(&file).unwrap();
    let before = emu.resources();
    drop(emu);

    let emu = Emulator::builder().load_state(&file).start().await.unwrap();
    assert_eq!(emu.resources(), before, "nothing lost");
    let client = aksk_client(&emu);
    let shown = client
        .cbr()
        .show_vault()
        .vault_id(&ids[1])
        .send()
        .await
        .unwrap();
    assert_eq!(shown.body.vault.unwrap().name.as_deref(), Some("b"));
    assert_eq!(
        client.cbr().list_vault().send().await.unwrap().body.count,
        Some(3)
    );

    // A file cut short is refused at start, with what is wrong.
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, &text[..text.len() / 2]).unwrap();
    let err = Emulator::builder()
        .load_state(&file)
        .start()
        .await
        .err()
        .unwrap();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    assert!(err.to_string().contains("not whole JSON"), "{err}");
    std::fs::write(&file, "{\"some\": \"other file\"}").unwrap();
    let err = Emulator::builder()
        .load_state(&file)
        .start()
        .await
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("not an emulator state file"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

fn code(err: &Error) -> Option<&str> {
    err.service_error().and_then(|e| e.code.as_deref())
}

#[tokio::test]
async fn a_policy_applied_to_a_vault_is_shown_until_removed_or_the_vault_is_deleted() {
    use hwbackup_client::models::cbr::{
        AssociateVaultPolicyRequest, DisassociateVaultPolicyRequest,
    };
    let emu = Emulator::start().await.unwrap();
    let client = aksk_client(&emu);
    let cbr = client.cbr();
    let vault_id = cbr.create_vault().body(vault("v")).send().await.unwrap();
    let vault_id = vault_id.body.vault.unwrap().id.unwrap();
    let body: CreatePolicyRequest = serde_json::from_str(POLICY).unwrap();
    let policy = cbr.create_policy().body(body).send().await.unwrap();
    let policy_id = policy.body.policy.unwrap().id.unwrap();
    let associate = || AssociateVaultPolicyRequest::builder().policy_id(&policy_id);
    let dissociate = || DisassociateVaultPolicyRequest::builder().policy_id(&policy_id);
    let applied_to = || async {
        let shown = cbr
            .show_policy()
            .policy_id(&policy_id)
            .send()
            .await
            .unwrap();
        let vaults = shown
            .body
            .policy
            .unwrap()
            .associated_vaults
            .unwrap_or_default();
        vaults
            .into_iter()
            .filter_map(|v| v.vault_id)
            .collect::<Vec<_>>()
    };

    let r = cbr
        .associate_vault_policy()
        .vault_id(&vault_id)
        .body(associate())
        .send()
        .await
        .unwrap();
    let pair = r.body.associate_policy.unwrap();
    assert_eq!(pair.vault_id.as_deref(), Some(vault_id.as_str()));
    assert_eq!(pair.policy_id.as_deref(), Some(policy_id.as_str()));
    assert_eq!(applied_to().await, vec![vault_id.clone()]);
    // Applying it twice lists the vault once.
    cbr.associate_vault_policy()
        .vault_id(&vault_id)
        .body(associate())
        .send()
        .await
        .unwrap();
    assert_eq!(applied_to().await, vec![vault_id.clone()]);

    cbr.disassociate_vault_policy()
        .vault_id(&vault_id)
        .body(dissociate())
        .send()
        .await
        .unwrap();
    assert!(applied_to().await.is_empty());
    // Removing what is not applied, an unknown vault or policy: the documented errors.
    let err = cbr
        .disassociate_vault_policy()
        .vault_id(&vault_id)
        .body(dissociate())
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), Some("BackupService.6002"), "{err}");
    let err = cbr
        .associate_vault_policy()
        .vault_id("no-such-vault")
        .body(associate())
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), Some("BackupService.6105"), "{err}");
    let err = cbr
        .associate_vault_policy()
        .vault_id(&vault_id)
        .body(AssociateVaultPolicyRequest::builder().policy_id("no-such-policy"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), Some("BackupService.6000"), "{err}");

    // Deleting the vault takes it off the policy.
    cbr.associate_vault_policy()
        .vault_id(&vault_id)
        .body(associate())
        .send()
        .await
        .unwrap();
    cbr.delete_vault().vault_id(&vault_id).send().await.unwrap();
    assert!(applied_to().await.is_empty());
}

#[tokio::test]
async fn a_manual_backup_is_listed_building_then_completed_and_deleted() {
    let emu = Emulator::builder()
        .job_duration(std::time::Duration::from_secs(3600))
        .start()
        .await
        .unwrap();
    let client = aksk_client(&emu);
    let db = client.gaussdb_mysql();
    let created = db
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap();
    let backup = created.body.backup.unwrap();
    let id = backup.id.unwrap();
    let instance = mysql_body().instance_id;
    let listed = || async {
        let page = db
            .list_backups()
            .instance_id(&instance)
            .send()
            .await
            .unwrap();
        let backups = page.body.backups.unwrap_or_default();
        assert_eq!(page.body.total_count, Some(backups.len() as i64));
        backups
            .into_iter()
            .map(|b| {
                (
                    b.id.unwrap_or_default(),
                    b.status.map(|s| s.as_str().to_owned()),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(listed().await, [(id.clone(), Some("BUILDING".to_owned()))]);
    // Another instance's list does not show it.
    let other = db
        .list_backups()
        .instance_id("another")
        .send()
        .await
        .unwrap();
    assert_eq!(other.body.total_count, Some(0));

    emu.finish_jobs();
    assert_eq!(listed().await, [(id.clone(), Some("COMPLETED".to_owned()))]);

    let deleted = db.delete_backup().backup_id(&id).send().await.unwrap();
    assert_eq!(deleted.body.backup_id.as_deref(), Some(id.as_str()));
    assert_eq!(deleted.body.backup_name.as_deref(), Some("backup-1"));
    assert!(listed().await.is_empty());
    let err = db.delete_backup().backup_id(&id).send().await.unwrap_err();
    assert_eq!(code(&err), Some("DBS.201010"), "{err}");
}

/// Issue #14's workflow: create a vault, add servers, create a restore
/// point, wait for its operation log, list the backups page by page,
/// replicate one, delete the vault; every answer agrees with the ones
/// before it.
#[tokio::test]
async fn a_restore_point_s_backups_are_waited_for_paged_replicated_and_go_with_their_vault() {
    use hwbackup_client::models::cbr::{
        AddVaultResourceRequest, CheckpointParam, CreateCheckpointRequest, ResourceCreate,
        VaultBackup,
    };
    let emu = Emulator::start().await.unwrap();
    let client = aksk_client(&emu);
    let cbr = client.cbr();
    let created = cbr
        .create_vault()
        .body(vault("nightly"))
        .send()
        .await
        .unwrap();
    let vault_id = created.body.vault.unwrap().id.unwrap();
    let servers = ["srv-a", "srv-b", "srv-c"];
    let added = cbr
        .add_vault_resource()
        .vault_id(&vault_id)
        .body(
            AddVaultResourceRequest::builder().resources(servers.map(|id| {
                ResourceCreate::builder()
                    .id(id)
                    .r#type("OS::Nova::Server")
                    .name(format!("name-{id}"))
            })),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(added.body.add_resource_ids.unwrap(), servers);
    let shown = cbr.show_vault().vault_id(&vault_id).send().await.unwrap();
    // The example vault's own server, then the three added.
    assert_eq!(shown.body.vault.unwrap().resources.unwrap().len(), 4);

    // A restore point of three of them.
    let point = cbr
        .create_checkpoint()
        .body(
            CreateCheckpointRequest::builder().checkpoint(
                VaultBackup::builder()
                    .vault_id(&vault_id)
                    .parameters(CheckpointParam::builder().name("manual").resources(servers)),
            ),
        )
        .send()
        .await
        .unwrap();
    let checkpoint = point.body.checkpoint.unwrap();
    let checkpoint_id = checkpoint.id.unwrap();
    assert_eq!(checkpoint.vault.unwrap().resources.unwrap().len(), 3);
    let again = cbr
        .show_checkpoint()
        .checkpoint_id(&checkpoint_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        again.body.checkpoint.unwrap().id.as_deref(),
        Some(checkpoint_id.as_str())
    );

    // Its operation log, found by vault, runs until waited for.
    let logs = cbr.list_op_logs().vault_id(&vault_id).send().await.unwrap();
    let logs = logs.body.operation_logs.unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].status.as_ref().map(|s| s.as_str()), Some("running"));
    assert_eq!(
        logs[0].checkpoint_id.as_deref(),
        Some(checkpoint_id.as_str())
    );
    let log_id = logs[0].id.clone().unwrap();
    let backups_status = || async {
        let page = cbr.list_backups().vault_id(&vault_id).send().await.unwrap();
        page.body
            .backups
            .unwrap()
            .into_iter()
            .map(|b| b.status.map(|s| s.as_str().to_owned()).unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(backups_status().await, ["protecting"; 3]);
    emu.advance(std::time::Duration::from_secs(5));
    let done = cbr
        .show_op_log()
        .operation_log_id(&log_id)
        .wait(&quick())
        .await
        .unwrap();
    assert_eq!(
        done.body.operation_log.unwrap().status.unwrap().as_str(),
        "success"
    );
    assert_eq!(backups_status().await, ["available"; 3]);

    // Page by page, one a page (by marker), each backup once.
    let mut seen = Vec::new();
    let mut pages = cbr.list_backups().vault_id(&vault_id).limit(1).pages();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        assert_eq!(page.body.count, Some(3));
        seen.extend(
            page.body
                .backups
                .unwrap()
                .into_iter()
                .map(|b| b.resource_id.unwrap()),
        );
    }
    assert_eq!(seen, servers);
    let vault_ref_for_times = &vault_id;
    // Bounded by time: every one was created after 2000 and before 2999.
    let count = |start: &'static str, end: &'static str| async move {
        let page = cbr
            .list_backups()
            .vault_id(vault_ref_for_times)
            .start_time(start)
            .end_time(end)
            .send()
            .await
            .unwrap();
        page.body.count
    };
    assert_eq!(
        count("2000-01-01T00:00:00Z", "2999-01-01T00:00:00Z").await,
        Some(3)
    );
    assert_eq!(
        count("2999-01-01T00:00:00Z", "2999-12-31T00:00:00Z").await,
        Some(0)
    );
    assert_eq!(
        count("1999-01-01T00:00:00Z", "2000-01-01T00:00:00Z").await,
        Some(0)
    );
    // Sorted as asked (`key:asc`, `key:desc`, desc without a direction).
    let vault_ref = &vault_id;
    let ids = |sort: &'static str| async move {
        let page = cbr
            .list_backups()
            .vault_id(vault_ref)
            .sort(sort)
            .send()
            .await
            .unwrap();
        page.body
            .backups
            .unwrap()
            .into_iter()
            .map(|b| b.id.unwrap())
            .collect::<Vec<_>>()
    };
    let ascending = ids("id:asc").await;
    let mut expected = ascending.clone();
    expected.sort();
    assert_eq!(ascending, expected);
    expected.reverse();
    assert_eq!(ids("id:desc").await, expected);
    assert_eq!(ids("id").await, expected);

    // Replicate one that exists; one that does not is the documented error.
    let backup_id = {
        let page = cbr
            .list_backups()
            .vault_id(&vault_id)
            .limit(1)
            .send()
            .await
            .unwrap();
        page.body.backups.unwrap()[0].id.clone().unwrap()
    };
    cbr.replicate_backup()
        .backup_id(&backup_id)
        .body(replicate_body())
        .send()
        .await
        .unwrap();
    let err = cbr
        .replicate_backup()
        .backup_id("no-such-backup")
        .body(replicate_body())
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), Some("BackupService.6200"), "{err}");

    // Deleting the vault takes its backups with it.
    cbr.delete_vault().vault_id(&vault_id).send().await.unwrap();
    let err = cbr
        .show_backup()
        .backup_id(&backup_id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), Some("BackupService.6200"), "{err}");
    let left = cbr.list_backups().send().await.unwrap();
    assert_eq!(left.body.count, Some(0));
}

/// Restoring and replicating a backup start operation logs that run until
/// their job is done; moving a server to another vault takes its backups.
#[tokio::test]
async fn restores_replications_and_migrations_agree_with_the_records() {
    use hwbackup_client::models::cbr::{
        AddVaultResourceRequest, BackupRestore, CheckpointParam, CreateCheckpointRequest,
        MigrateVaultResourceRequest, ResourceCreate, RestoreBackupRequest, VaultBackup,
    };
    let emu = Emulator::start().await.unwrap();
    let client = aksk_client(&emu);
    let cbr = client.cbr();
    let new_vault = |name: &'static str| async move {
        let v = cbr.create_vault().body(vault(name)).send().await.unwrap();
        v.body.vault.unwrap().id.unwrap()
    };
    let (from, to) = (new_vault("from").await, new_vault("to").await);
    let server = ResourceCreate::builder()
        .id("srv-m")
        .r#type("OS::Nova::Server");
    cbr.add_vault_resource()
        .vault_id(&from)
        .body(AddVaultResourceRequest::builder().resources([server]))
        .send()
        .await
        .unwrap();
    cbr.create_checkpoint()
        .body(
            CreateCheckpointRequest::builder().checkpoint(
                VaultBackup::builder()
                    .vault_id(&from)
                    .parameters(CheckpointParam::builder().resources(["srv-m"])),
            ),
        )
        .send()
        .await
        .unwrap();
    let backups_in = |vault: String| async move {
        let page = cbr.list_backups().vault_id(vault).send().await.unwrap();
        page.body.backups.unwrap_or_default()
    };
    let backup_id = backups_in(from.clone()).await[0].id.clone().unwrap();

    cbr.restore_backup()
        .backup_id(&backup_id)
        .body(RestoreBackupRequest::builder().restore(BackupRestore::builder().server_id("srv-m")))
        .send()
        .await
        .unwrap();
    cbr.replicate_backup()
        .backup_id(&backup_id)
        .body(replicate_body())
        .send()
        .await
        .unwrap();
    let kinds = |status: &'static str| async move {
        let logs = cbr.list_op_logs().status(status).send().await.unwrap();
        let mut kinds: Vec<String> = logs
            .body
            .operation_logs
            .unwrap_or_default()
            .into_iter()
            .map(|l| {
                l.operation_type
                    .map(|t| t.as_str().to_owned())
                    .unwrap_or_default()
            })
            .collect();
        kinds.sort();
        kinds
    };
    assert_eq!(kinds("running").await, ["backup", "replication", "restore"]);
    emu.finish_jobs();
    assert_eq!(kinds("success").await, ["backup", "replication", "restore"]);
    assert!(kinds("running").await.is_empty());

    // The server moves to the other vault, and its backup with it.
    let moved = cbr
        .migrate_vault_resource()
        .vault_id(&from)
        .body(
            MigrateVaultResourceRequest::builder()
                .destination_vault_id(&to)
                .resource_ids(["srv-m"]),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(moved.body.migrated_resources.unwrap(), ["srv-m"]);
    assert!(backups_in(from.clone()).await.is_empty());
    assert_eq!(
        backups_in(to.clone()).await[0].id.as_deref(),
        Some(backup_id.as_str())
    );
    let held = |vault: String| async move {
        let v = cbr.show_vault().vault_id(vault).send().await.unwrap();
        v.body
            .vault
            .unwrap()
            .resources
            .unwrap_or_default()
            .into_iter()
            .filter_map(|r| r.id)
            .collect::<Vec<_>>()
    };
    assert!(!held(from.clone()).await.contains(&"srv-m".to_owned()));
    assert!(held(to.clone()).await.contains(&"srv-m".to_owned()));
}

#[tokio::test]
async fn a_taurusdb_backup_policy_is_shown_as_last_set() {
    use hwbackup_client::models::gaussdb_mysql::{
        ModifyingAnAutomatedBackupPolicyRequest, MysqlBackupPolicy,
    };
    let emu = Emulator::start().await.unwrap();
    let client = aksk_client(&emu);
    let db = client.gaussdb_mysql();
    let instance = "ef25188419f941309882d2986b2210b9in07";
    for (days, window) in [(7, "19:00-20:00"), (3, "02:00-03:00")] {
        let set = db
            .update_backup_policy()
            .instance_id(instance)
            .body(
                ModifyingAnAutomatedBackupPolicyRequest::builder().backup_policy(
                    MysqlBackupPolicy::builder()
                        .keep_days(days)
                        .start_time(window)
                        .period("1,2,3,4,5"),
                ),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(set.body.instance_id.as_deref(), Some(instance));
        let shown = db
            .show_backup_policy()
            .instance_id(instance)
            .send()
            .await
            .unwrap();
        let policy = shown.body.backup_policy.unwrap();
        assert_eq!(policy.keep_days, Some(days));
        assert_eq!(policy.start_time.as_deref(), Some(window));
    }
}

#[tokio::test]
async fn the_project_s_tags_and_a_tag_filter_read_every_vault_s_tags() {
    use hwbackup_client::models::cbr::{
        BatchCreateAndDeleteVaultTagsRequest, ShowVaultResourceInstancesRequest, Tag, TagsReq,
    };
    let emu = Emulator::start().await.unwrap();
    let client = aksk_client(&emu);
    let cbr = client.cbr();
    let mut ids = Vec::new();
    for (name, env) in [("a", "prod"), ("b", "test"), ("c", "")] {
        let created = cbr.create_vault().body(vault(name)).send().await.unwrap();
        let id = created.body.vault.unwrap().id.unwrap();
        // The example vault's own tags are replaced by one `env` tag (none for `c`).
        let shown = cbr.show_vault_tag().vault_id(&id).send().await.unwrap();
        let own: Vec<_> = shown
            .body
            .tags
            .unwrap_or_default()
            .into_iter()
            .map(|t| Tag::builder().key(t.key.unwrap_or_default()))
            .collect();
        let batch = |action: &str, tags| {
            BatchCreateAndDeleteVaultTagsRequest::builder()
                .action(action)
                .tags(tags)
        };
        cbr.batch_create_and_delete_vault_tags()
            .vault_id(&id)
            .body(batch("delete", own))
            .send()
            .await
            .unwrap();
        if !env.is_empty() {
            cbr.batch_create_and_delete_vault_tags()
                .vault_id(&id)
                .body(batch("create", vec![Tag::builder().key("env").value(env)]))
                .send()
                .await
                .unwrap();
        }
        ids.push(id);
    }

    let project = cbr.show_vault_project_tag().send().await.unwrap();
    let tags = project.body.tags.unwrap_or_default();
    assert_eq!(tags.len(), 1, "{tags:?}");
    assert_eq!(tags[0].key.as_deref(), Some("env"));
    let mut values = tags[0].values.clone().unwrap_or_default();
    values.sort();
    assert_eq!(values, ["prod", "test"]);

    let filter =
        |request: hwbackup_client::models::cbr::ShowVaultResourceInstancesRequestBuilder| {
            let cbr = client.cbr();
            async move {
                let answer = cbr
                    .show_vault_resource_instances()
                    .body(request)
                    .send()
                    .await
                    .unwrap()
                    .body;
                let mut found: Vec<String> = answer
                    .resources
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|r| r.resource_id)
                    .collect();
                found.sort();
                (found, answer.total_count)
            }
        };
    let prod = TagsReq::builder().key("env").values(["prod"]);
    let (found, total) = filter(
        ShowVaultResourceInstancesRequest::builder()
            .action("filter")
            .tags([prod.clone()]),
    )
    .await;
    assert_eq!((found, total), (vec![ids[0].clone()], Some(1)));
    let (found, _) = filter(
        ShowVaultResourceInstancesRequest::builder()
            .action("filter")
            .not_tags_any([TagsReq::builder().key("env").values(Vec::<String>::new())]),
    )
    .await;
    assert_eq!(found, vec![ids[2].clone()]);
    let (found, total) = filter(
        ShowVaultResourceInstancesRequest::builder()
            .action("count")
            .tags_any([TagsReq::builder().key("env").values(Vec::<String>::new())]),
    )
    .await;
    assert_eq!(
        (found.len(), total),
        (0, Some(2)),
        "count answers the number alone"
    );
}
