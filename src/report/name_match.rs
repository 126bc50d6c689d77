//! The words for why a host name or a common name matches no subjectAltName entry.

use crate::model::{CommonNameMismatch, HostMismatch};

/// Why the host does not match the leaf, in words (after `does not match the leaf: `). More
/// than four names are shortened to the first three and a count.
pub fn host_mismatch(detail: &HostMismatch) -> String {
    match detail {
        HostMismatch::NoSubjectAltName => {
            "the certificate has no subjectAltName (its common name is not used for host names)"
                .to_string()
        }
        HostMismatch::ValidFor { names } => {
            let listed = match names.len() {
                0 => "no DNS or IP names".to_string(),
                1..=4 => names.join(", "),
                n => format!(
                    "{} and {} more",
                    names.iter().take(3).cloned().collect::<Vec<_>>().join(", "),
                    n - 3
                ),
            };
            format!("valid for {listed}")
        }
    }
}

/// Why a common name is not a copy of a subjectAltName entry, in words.
pub fn common_name_mismatch(detail: &CommonNameMismatch) -> String {
    match detail {
        CommonNameMismatch::NotCanonical { canonical } => {
            format!("the canonical form is {canonical}")
        }
        CommonNameMismatch::AddressNotInSan { address } => {
            format!("no subjectAltName holds the address {address}")
        }
        CommonNameMismatch::CaseDiffers => "letter case differs".to_string(),
        CommonNameMismatch::Unicode => {
            "it is in Unicode; DNS names in certificates are A-labels (xn--…)".to_string()
        }
        CommonNameMismatch::DomainNotInSan { names } => format!(
            "no subjectAltName holds that domain; the certificate names {}",
            names.join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_of_names_is_shortened() {
        let names = |n: usize| HostMismatch::ValidFor {
            names: (1..=n).map(|i| format!("DNS:{i}.example")).collect(),
        };
        assert_eq!(host_mismatch(&names(0)), "valid for no DNS or IP names");
        assert_eq!(
            host_mismatch(&names(4)),
            "valid for DNS:1.example, DNS:2.example, DNS:3.example, DNS:4.example"
        );
        assert_eq!(
            host_mismatch(&names(5)),
            "valid for DNS:1.example, DNS:2.example, DNS:3.example and 2 more"
        );
    }
}
