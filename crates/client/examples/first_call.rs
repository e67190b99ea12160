//! The README's first program: credentials from the environment (or the
//! credentials file, or the ECS metadata service), the project id looked
//! up at IAM when not given, the vaults listed page after page.
//!
//! ```text
//! HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=... HUAWEICLOUD_SDK_REGION=cn-north-4 \
//!   cargo run --example first_call
//! ```

use hwbackup_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let mut vaults = client.cbr().list_vault().limit(100).items();
    while let Some(vault) = vaults.next().await {
        let vault = vault?;
        println!("{} {:?}", vault.id.unwrap_or_default(), vault.name);
    }
    Ok(())
}
