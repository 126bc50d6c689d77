//! The sentences of the findings about the chain as sent: the verifier and the pipeline
//! record facts ([`FindingFacts`]), and text, JSON and the window say them with
//! [`finding`].

use crate::model::{Certificate, Finding, FindingFacts, Inspection};

/// The sentence of a finding, with the labels of the certificates it names.
pub fn finding(finding: &Finding, insp: &Inspection) -> String {
    let label = |id: usize| insp.cert(id).map(Certificate::label).unwrap_or_default();
    let issuer = |id: usize| {
        insp.cert(id)
            .map(|c| c.issuer.one_line.clone())
            .unwrap_or_default()
    };
    match &finding.facts {
        FindingFacts::WrongOrder { chain } => {
            let sent: Vec<String> = chain.iter().map(|p| (p + 1).to_string()).collect();
            format!(
                "not sent leaf first with each certificate followed by its issuer: the chain is certificates {} of the order sent",
                sent.join(" → ")
            )
        }
        FindingFacts::Duplicate { certificate, first } => format!(
            "certificate {} ({}) is a duplicate of certificate {}",
            certificate + 1,
            label(*certificate),
            first + 1
        ),
        FindingFacts::Unrelated { certificate } => format!(
            "certificate {} ({}) is not part of the leaf's chain",
            certificate + 1,
            label(*certificate)
        ),
        FindingFacts::MissingIssuer { certificate } => format!(
            "the issuer of {} (\"{}\") was not sent",
            label(*certificate),
            issuer(*certificate)
        ),
        FindingFacts::RootNotSent { certificate, store } => format!(
            "the issuer of {} (\"{}\") was not sent, as servers should leave out the root: {store} holds it",
            label(*certificate),
            issuer(*certificate)
        ),
        FindingFacts::RootIncluded { certificate } => format!(
            "the root {} was sent too; clients use their own copy",
            label(*certificate)
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
