//! The probe through a STARTTLS dialogue: postfix on loopback, every connection asking
//! for TLS first. Skips, loudly, when postfix is not installed.

use chainlens::fetch::Target;
use chainlens::probe::{ProbeOptions, probe};

use crate::common::mail_servers;

#[tokio::test]
async fn smtp_starttls_is_probed_through_its_dialogue() {
    let Some(daemon) = mail_servers::postfix(true).unwrap() else {
        eprintln!("SKIPPED: postfix is not installed");
        return;
    };
    let target = Target::parse(&format!("smtp://127.0.0.1:{}", daemon.port), 0).unwrap();
    let options = ProbeOptions {
        timeout_secs: 10,
        ..ProbeOptions::default()
    };
    let facts = probe(&target, &options).await.unwrap();
    assert_eq!(facts.starttls.as_deref(), Some("smtp"));
    assert!(
        facts.errors.is_empty(),
        "{:?}\n{}",
        facts.errors,
        daemon.log()
    );
    assert!(!facts.accepted_versions().is_empty());
    assert!(!facts.chains.is_empty());
}
