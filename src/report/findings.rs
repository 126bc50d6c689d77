//! The sentences of the findings about the chain as sent: the verifier and the pipeline
//! record facts ([`FindingFacts`]), and text, JSON and the window say them with
//! [`finding`].

use crate::model::{CertId, Certificate, Delivery, Finding, FindingFacts, Inspection};

/// The participle a finding uses for the source's certificates: a server sends them, a file
/// (or paste, or standard input) gives them.
fn sent_or_given(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::Sent => "sent",
        Delivery::Given => "given",
    }
}

/// What the window says when there is no finding about the chain: "as sent" of a server's
/// chain, "as given" of files, pasted text and standard input.
pub fn no_findings(insp: &Inspection) -> String {
    format!(
        "No findings about the chain as {}",
        sent_or_given(Delivery::of(&insp.source.kind))
    )
}

/// The sentence of a finding, with the labels of the certificates it names.
pub fn finding(finding: &Finding, insp: &Inspection) -> String {
    let label = |id: CertId| insp.cert(id).map(Certificate::label).unwrap_or_default();
    let issuer = |id: CertId| {
        insp.cert(id)
            .map(|c| c.issuer.one_line.clone())
            .unwrap_or_default()
    };
    match &finding.facts {
        FindingFacts::WrongOrder { chain, delivery } => {
            let order: Vec<String> = chain.iter().map(|p| (p.index() + 1).to_string()).collect();
            let verb = sent_or_given(*delivery);
            format!(
                "not {verb} leaf first with each certificate followed by its issuer: the chain is certificates {} of the order {verb}",
                order.join(" → ")
            )
        }
        FindingFacts::Duplicate { certificate, first } => format!(
            "certificate {} ({}) is a duplicate of certificate {}",
            certificate.index() + 1,
            label(*certificate),
            first.index() + 1
        ),
        FindingFacts::Unrelated { certificate } => format!(
            "certificate {} ({}) is not part of the leaf's chain",
            certificate.index() + 1,
            label(*certificate)
        ),
        FindingFacts::MissingIssuer {
            certificate,
            delivery,
        } => format!(
            "the issuer of {} (\"{}\") was not {}",
            label(*certificate),
            issuer(*certificate),
            sent_or_given(*delivery)
        ),
        FindingFacts::RootNotSent {
            certificate,
            store,
            delivery: Delivery::Sent,
        } => format!(
            "the issuer of {} (\"{}\") was not sent, as servers should leave out the root: {store} holds it",
            label(*certificate),
            issuer(*certificate)
        ),
        FindingFacts::RootNotSent {
            certificate,
            store,
            delivery: Delivery::Given,
        } => format!(
            "the issuer of {} (\"{}\") was not given: {store} holds it",
            label(*certificate),
            issuer(*certificate)
        ),
        FindingFacts::RootIncluded {
            certificate,
            delivery,
        } => format!(
            "the root {} was {} too; clients use their own copy",
            label(*certificate),
            sent_or_given(*delivery)
        ),
        FindingFacts::SeveralChains { count } => {
            format!("{count} separate self-signed certificates: this looks like a CA bundle")
        }
        FindingFacts::PrivateKeyNotShown => {
            "this file also holds a private key (not shown)".to_string()
        }
        FindingFacts::ModernClientsCannotConnect {
            tls_version,
            cipher_suite,
            key_exchange,
        } => format!(
            "clients with modern TLS stacks (rustls, current browsers and OpenSSL defaults) \
             cannot connect to this server: it negotiated {tls_version} with {cipher_suite} \
             ({key_exchange} key exchange)"
        ),
        FindingFacts::AiaIssuerDownloaded { certificate, url } => format!(
            "{} was downloaded from {url}, not sent by the server: configure the server to send this intermediate",
            label(*certificate)
        ),
        FindingFacts::AiaBudgetSpent { budget_secs } => {
            format!("the AIA chase stopped after its {budget_secs} s budget")
        }
        // The fetcher's and the loader's notes are their own sentences, about the download or
        // the file rather than the verifier's facts.
        FindingFacts::AiaFetchNote { note } | FindingFacts::LoadNote { note } => note.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CheckStatus, Policy, Source, SourceKind};
    use crate::verify::{self, Input};

    /// The embedded sample (leaf, intermediate) verified with no store, with `facts` added.
    fn sample_with(facts: Vec<FindingFacts>) -> Inspection {
        let loaded = crate::ingest::load_bytes(crate::load::SAMPLE_PEM.as_bytes()).unwrap();
        let input = Input {
            source: Source::new(SourceKind::Sample, "sample"),
            certificates: loaded.certificates,
            untrusted: Vec::new(),
            load_notes: Vec::new(),
        };
        let policy = Policy::at(time::macros::datetime!(2023-01-01 00:00:00 UTC));
        let mut insp = verify::inspect(input, &[], &policy);
        insp.findings = facts
            .into_iter()
            .map(|f| Finding::new(CheckStatus::Warn, f))
            .collect();
        insp
    }

    fn said(insp: &Inspection) -> Vec<String> {
        insp.findings.iter().map(|f| finding(f, insp)).collect()
    }

    #[test]
    fn findings_name_the_certificates_by_label_and_position() {
        let insp = sample_with(vec![
            FindingFacts::WrongOrder {
                chain: vec![CertId::new(1), CertId::new(0)],
                delivery: Delivery::Sent,
            },
            FindingFacts::Duplicate {
                certificate: CertId::new(1),
                first: CertId::new(0),
            },
            FindingFacts::RootNotSent {
                certificate: CertId::new(1),
                store: "Mozilla roots".to_string(),
                delivery: Delivery::Sent,
            },
            FindingFacts::AiaIssuerDownloaded {
                certificate: CertId::new(1),
                url: "http://crt.example/ca.der".to_string(),
            },
            FindingFacts::AiaBudgetSpent { budget_secs: 20 },
            FindingFacts::LoadNote {
                note: "block 2 was skipped".to_string(),
            },
        ]);
        let leaf = insp.cert(CertId::new(0)).unwrap().label();
        let intermediate = insp.cert(CertId::new(1)).unwrap();
        assert_eq!(
            said(&insp),
            [
                "not sent leaf first with each certificate followed by its issuer: the chain is certificates 2 → 1 of the order sent".to_string(),
                format!("certificate 2 ({}) is a duplicate of certificate 1", intermediate.label()),
                format!(
                    "the issuer of {} (\"{}\") was not sent, as servers should leave out the root: Mozilla roots holds it",
                    intermediate.label(),
                    intermediate.issuer.one_line
                ),
                format!(
                    "{} was downloaded from http://crt.example/ca.der, not sent by the server: configure the server to send this intermediate",
                    intermediate.label()
                ),
                "the AIA chase stopped after its 20 s budget".to_string(),
                "block 2 was skipped".to_string(),
            ]
        );
        assert_ne!(leaf, intermediate.label());
    }

    #[test]
    fn local_sources_are_given_not_sent() {
        let insp = sample_with(vec![
            FindingFacts::WrongOrder {
                chain: vec![CertId::new(1), CertId::new(0)],
                delivery: Delivery::Given,
            },
            FindingFacts::MissingIssuer {
                certificate: CertId::new(1),
                delivery: Delivery::Given,
            },
            FindingFacts::RootNotSent {
                certificate: CertId::new(1),
                store: "Mozilla roots".to_string(),
                delivery: Delivery::Given,
            },
            FindingFacts::RootIncluded {
                certificate: CertId::new(1),
                delivery: Delivery::Given,
            },
        ]);
        let intermediate = insp.cert(CertId::new(1)).unwrap();
        let (label, issuer) = (intermediate.label(), intermediate.issuer.one_line.clone());
        assert_eq!(
            said(&insp),
            [
                "not given leaf first with each certificate followed by its issuer: the chain is certificates 2 → 1 of the order given".to_string(),
                format!("the issuer of {label} (\"{issuer}\") was not given"),
                format!("the issuer of {label} (\"{issuer}\") was not given: Mozilla roots holds it"),
                format!("the root {label} was given too; clients use their own copy"),
            ]
        );
        assert!(said(&insp).iter().all(|s| !s.contains("sent")));
    }

    #[test]
    fn kinds_follow_the_facts() {
        let insp = sample_with(vec![
            FindingFacts::AiaIssuerDownloaded {
                certificate: CertId::new(1),
                url: String::new(),
            },
            FindingFacts::AiaFetchNote {
                note: String::new(),
            },
        ]);
        let kinds: Vec<_> = insp.findings.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                crate::model::FindingKind::MissingIssuer,
                crate::model::FindingKind::Other
            ]
        );
    }
}
