//! Behaviour of the generated builders and models beyond single boundaries.

use hwbackup_models::cbr::{
    BackupReplicateReq, BackupReplicateReqBody, BackupSync, BackupSyncReq, BackupSyncResourceType,
    CheckpointReplicateResp,
};
use hwbackup_models::gaussdb_mysql::{
    BackupType, CreateManualBackupResponse, MysqlCreateBackupRequest,
};
use hwbackup_models::runtime::RuleKind;
use hwbackup_models::Validate;

fn sync_item() -> hwbackup_models::cbr::BackupSyncBuilder {
    BackupSync::builder()
        .backup_id("1f9e6b47-7655-4a19-b563-21b4ef023025")
        .backup_name("backup_name")
        .bucket_name("bucket")
        .image_path("a/b/c")
        .resource_id("96f7512d-239d-3f31-80cf-d1ce041df9a6")
        .resource_name("vm")
        .resource_type(BackupSyncResourceType::OsVmwareServer)
        .created_at(1553587260)
}

#[test]
fn every_violation_is_reported_at_once_with_nested_paths() {
    let err = BackupReplicateReq::builder()
        .replicate(
            BackupReplicateReqBody::builder()
                .destination_region("r".repeat(256))
                .name("")
                .destination_vault_id("v"),
        )
        .build()
        .unwrap_err();
    let found: Vec<_> = err.iter().map(|v| (v.path.as_str(), v.rule)).collect();
    assert_eq!(
        found,
        [
            ("replicate.destination_project_id", RuleKind::Required),
            ("replicate.destination_region", RuleKind::MaxLength),
            ("replicate.name", RuleKind::MinLength),
        ]
    );
    let text = err.to_string();
    assert!(text.contains("replicate.destination_region: must be at most 255 characters long, found 256 characters"), "{text}");
    assert!(
        text.contains("replicate.destination_project_id: is required"),
        "{text}"
    );
}

#[test]
fn list_items_are_reported_by_index() {
    let err = BackupSyncReq::builder()
        .sync([
            sync_item(),
            sync_item()
                .bucket_name("b".repeat(300))
                .resource_type("OS::Other"),
        ])
        .build()
        .unwrap_err();
    assert!(
        err.find("sync[1].bucket_name", RuleKind::MaxLength)
            .is_some(),
        "{err}"
    );
    let bad_enum = err
        .find("sync[1].resource_type", RuleKind::OneOf)
        .expect("enum violation");
    assert_eq!(bad_enum.found, "\"OS::Other\"");
    assert_eq!(err.len(), 2);
}

#[test]
fn lengths_count_characters_not_bytes() {
    // 64 four-byte characters: 256 bytes, but only 64 characters.
    let ok = BackupReplicateReqBody::builder()
        .destination_project_id("p")
        .destination_region("r")
        .destination_vault_id("v")
        .name("😀".repeat(64))
        .build();
    assert!(ok.is_ok(), "{:?}", ok.err());
}

#[test]
fn found_values_are_described_not_repeated() {
    let secret = "s3cr3t value that might be sensitive!";
    let err = MysqlCreateBackupRequest::builder()
        .instance_id("07033b125fd94a8a96896f8bcfee6ddain07")
        .name("backup-1")
        .description(secret)
        .build()
        .unwrap_err();
    let v = err
        .find("description", RuleKind::Pattern)
        .expect("pattern violation");
    assert_eq!(
        v.found,
        format!("a value of {} characters", secret.chars().count())
    );
    assert!(!err.to_string().contains("s3cr3t"));
    assert!(!format!("{err:?}").contains("s3cr3t"));
}

#[test]
fn optional_fields_are_not_sent_as_null() {
    let body = MysqlCreateBackupRequest::builder()
        .instance_id("07033b125fd94a8a96896f8bcfee6ddain07")
        .name("backup-1")
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"instance_id":"07033b125fd94a8a96896f8bcfee6ddain07","name":"backup-1"}"#
    );
}

#[test]
fn a_built_value_can_be_edited_through_its_builder() {
    let body = MysqlCreateBackupRequest::builder()
        .instance_id("07033b125fd94a8a96896f8bcfee6ddain07")
        .name("backup-1")
        .build()
        .unwrap();
    let err = MysqlCreateBackupRequest::builder()
        .name("x")
        .instance_id(body.instance_id.clone())
        .build();
    assert!(err.is_err());
    let again = hwbackup_models::gaussdb_mysql::MysqlCreateBackupRequestBuilder::from(body.clone())
        .build()
        .unwrap();
    assert_eq!(again, body);
}

#[test]
fn validate_catches_values_built_by_deserializing() {
    let body: BackupSyncReq = serde_json::from_str(
        r#"{"sync":[{"backup_id":"b","backup_name":"n","bucket_name":"b","image_path":"p","resource_id":"r",
            "resource_name":"n","resource_type":"OS::Unlisted::Type","created_at":1}]}"#,
    )
    .unwrap();
    let err = body.validate().unwrap_err();
    assert!(
        err.find("sync[0].resource_type", RuleKind::OneOf).is_some(),
        "{err}"
    );
}

#[test]
fn responses_keep_unknown_enum_values_and_ignore_unknown_fields() {
    let resp: CreateManualBackupResponse = serde_json::from_str(
        r#"{"backup":{"id":"x","type":"incremental","brand_new":{"a":1}},"job_id":"j","extra":[1,2]}"#,
    )
    .unwrap();
    let backup = resp.backup.unwrap();
    assert_eq!(
        backup.r#type,
        Some(BackupType::Unknown("incremental".into()))
    );
    assert_eq!(backup.r#type.unwrap().as_str(), "incremental");
    let empty: CheckpointReplicateResp = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, CheckpointReplicateResp::default());
}

#[test]
fn known_enum_values_round_trip() {
    for v in BackupSyncResourceType::VALUES {
        let parsed = BackupSyncResourceType::from(*v);
        assert!(!matches!(parsed, BackupSyncResourceType::Unknown(_)));
        assert_eq!(parsed.as_str(), *v);
        assert_eq!(serde_json::to_string(&parsed).unwrap(), format!("\"{v}\""));
    }
}

#[test]
fn enum_values_are_equal_and_hash_alike_by_wire_value() {
    use std::collections::HashSet;
    let by_hand = BackupType::Unknown("manual".into());
    assert_eq!(by_hand, BackupType::Manual);
    assert_ne!(BackupType::Unknown("other".into()), BackupType::Manual);
    let set: HashSet<_> = [by_hand, BackupType::Manual].into_iter().collect();
    assert_eq!(set.len(), 1);
}

#[test]
fn enums_convert_from_any_text() {
    assert!(matches!(BackupType::from("manual"), BackupType::Manual));
    assert!(matches!(
        BackupType::from(String::from("manual")),
        BackupType::Manual
    ));
    let cow = std::borrow::Cow::Borrowed("later");
    assert_eq!(BackupType::from(cow).as_str(), "later");
}

#[test]
fn operation_descriptors_check_parameters_by_their_documented_rules() {
    use hwbackup_models::gaussdb_mysql::operations::CREATE_MANUAL_BACKUP as OP;
    assert_eq!(OP.success_status, 201);
    assert_eq!(OP.sdk_name, Some("CreateGaussMySqlBackup"));
    let good = "0123456789abcdef0123456789abcdef";
    assert!(OP
        .check_params(&[Some(good.into()), Some("en-us".into())])
        .is_ok());
    assert!(OP.check_params(&[Some(good.into()), None]).is_ok());
    let err = OP
        .check_params(&[Some("short-id!".into()), Some("en\r\nX-Evil: 1".into())])
        .unwrap_err();
    let text = err.to_string();
    assert_eq!(err.len(), 3, "{text}");
    assert!(
        text.contains("project_id") && text.contains("X-Language"),
        "{text}"
    );
    let missing = OP.check_params(&[None, None]).unwrap_err();
    assert_eq!(missing.len(), 1);
    assert_eq!(hwbackup_models::cbr::operations::ALL.len(), 40);
}

/// Fails the one write that reaches past byte `at`, and takes every other:
/// an error part-way through a model that a serializer must not lose, even
/// though later writes succeed.
struct FailOnce {
    at: usize,
    written: usize,
    failed: bool,
}

impl std::io::Write for FailOnce {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.failed && self.written + buf.len() > self.at {
            self.failed = true;
            return Err(std::io::Error::other("failed once"));
        }
        self.written += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_serializer_error_part_way_is_returned_not_lost() {
    let body = MysqlCreateBackupRequest::builder()
        .instance_id("07033b125fd94a8a96896f8bcfee6ddain07")
        .name("backup-1")
        .description("nightly")
        .build()
        .unwrap();
    let whole = serde_json::to_vec(&body).unwrap().len();
    for at in [0, 1, 20, whole / 2, whole - 1] {
        let out = FailOnce {
            at,
            written: 0,
            failed: false,
        };
        let err = serde_json::to_writer(out, &body).unwrap_err();
        assert!(err.is_io(), "at {at}: {err}");
    }
    let out = FailOnce {
        at: whole,
        written: 0,
        failed: false,
    };
    assert!(serde_json::to_writer(out, &body).is_ok());
}

#[test]
fn decoding_names_a_missing_field_and_returns_the_first_error() {
    let err = serde_json::from_str::<MysqlCreateBackupRequest>(r#"{"name":"x"}"#).unwrap_err();
    assert!(
        err.to_string().contains("missing field `instance_id`"),
        "{err}"
    );
    let err = serde_json::from_str::<MysqlCreateBackupRequest>(
        r#"{"instance_id":5,"name":"x","unknown":{"deep":[1]}}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("invalid type: integer `5`"),
        "{err}"
    );
    let body: MysqlCreateBackupRequest =
        serde_json::from_str(r#"{"description":null,"instance_id":"i","name":"x"}"#).unwrap();
    assert_eq!(body.description, None);
    assert_eq!(body.instance_id, "i");
}

#[test]
fn a_response_is_its_own_builder() {
    let resp = CreateManualBackupResponse::builder().job_id("j").build();
    assert_eq!(resp.job_id.as_deref(), Some("j"));
    assert_eq!(resp.backup, None);
    let same: hwbackup_models::gaussdb_mysql::CreateManualBackupResponseBuilder = resp.clone();
    assert_eq!(same, resp);
}

#[test]
fn models_compare_debug_and_clone_field_by_field() {
    let body = MysqlCreateBackupRequest::builder()
        .instance_id("07033b125fd94a8a96896f8bcfee6ddain07")
        .name("backup-1")
        .build()
        .unwrap();
    let mut other = body.clone();
    assert_eq!(other, body);
    other.description = Some("d".into());
    assert_ne!(other, body);
    other.description = None;
    other.name = "backup-2".into();
    assert_ne!(other, body);
    assert_eq!(
        format!("{body:?}"),
        r#"MysqlCreateBackupRequest { instance_id: "07033b125fd94a8a96896f8bcfee6ddain07", name: "backup-1", description: None }"#
    );
    let builder = MysqlCreateBackupRequest::builder().name("n");
    assert_eq!(
        format!("{:?}", builder.clone()),
        r#"MysqlCreateBackupRequestBuilder { instance_id: None, name: Some("n"), description: None }"#
    );
}
