//! The words for why a name does not fit: a host or a common name that matches no
//! subjectAltName entry, a name outside a CA's constraints, malformed constraints.

use crate::model::{CommonNameMismatch, ConstraintBreach, HostMismatch, MalformedConstraints};

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

/// How a name breaks name constraints, in words completing a sentence that starts with
/// the name.
pub fn constraint_breach(detail: &ConstraintBreach) -> String {
    match detail {
        ConstraintBreach::Malformed => "is malformed under name constraints".to_string(),
        ConstraintBreach::NotAnIpAddress => {
            "is not an IP address, under name constraints".to_string()
        }
        ConstraintBreach::ExcludedBy { subtree } => format!("is excluded by {subtree}"),
        ConstraintBreach::OutsidePermitted => "is outside the permitted names".to_string(),
        ConstraintBreach::CannotEvaluate => "is constrained and cannot be evaluated".to_string(),
    }
}

/// What is malformed in name constraints, in words.
pub fn malformed_constraints(detail: &MalformedConstraints) -> String {
    match detail {
        MalformedConstraints::NoSubtrees => {
            "nameConstraints has neither permitted nor excluded subtrees".to_string()
        }
        MalformedConstraints::Dns { name } => format!("malformed DNS name constraint \"{name}\""),
        MalformedConstraints::IpLength { bytes } => {
            format!("IP name constraint of {bytes} bytes is not an address and mask")
        }
        MalformedConstraints::Email { name } => {
            format!("malformed e-mail name constraint \"{name}\"")
        }
        MalformedConstraints::Undecodable { tag } => {
            format!("a subtree's name does not decode as its tag [{tag}] says")
        }
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
