use std::fmt;

use serde::Serialize;

/// The four kinds of AWS IoT Core endpoint an account has, as `DescribeEndpoint` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[non_exhaustive]
pub enum EndpointType {
    /// `iot:Data-ATS`: the data endpoint under the Amazon Trust Services roots, the one
    /// devices should use.
    #[serde(rename = "iot:Data-ATS")]
    DataAts,
    /// `iot:Data`: the legacy data endpoint, served under the Symantec/VeriSign Class 3 G5
    /// hierarchy that today's root programs removed.
    #[serde(rename = "iot:Data")]
    DataLegacy,
    /// `iot:CredentialProvider`: exchanges a device certificate for AWS credentials.
    #[serde(rename = "iot:CredentialProvider")]
    CredentialProvider,
    /// `iot:Jobs`: the jobs data plane.
    #[serde(rename = "iot:Jobs")]
    Jobs,
}

impl EndpointType {
    /// Every type, in the order people read them.
    pub const ALL: [EndpointType; 4] = [
        EndpointType::DataAts,
        EndpointType::DataLegacy,
        EndpointType::CredentialProvider,
        EndpointType::Jobs,
    ];

    /// The two data endpoints, ATS first.
    pub const DATA: [EndpointType; 2] = [EndpointType::DataAts, EndpointType::DataLegacy];

    /// The name `DescribeEndpoint` takes (`iot:Data-ATS`).
    pub fn api_name(self) -> &'static str {
        match self {
            EndpointType::DataAts => "iot:Data-ATS",
            EndpointType::DataLegacy => "iot:Data",
            EndpointType::CredentialProvider => "iot:CredentialProvider",
            EndpointType::Jobs => "iot:Jobs",
        }
    }

    /// The short name chainlens's options use (`ats`, `legacy`, `credentials`, `jobs`).
    pub fn short_name(self) -> &'static str {
        match self {
            EndpointType::DataAts => "ats",
            EndpointType::DataLegacy => "legacy",
            EndpointType::CredentialProvider => "credentials",
            EndpointType::Jobs => "jobs",
        }
    }

    /// A few words for people: what the endpoint is for.
    pub fn description(self) -> &'static str {
        match self {
            EndpointType::DataAts => "MQTT/HTTPS data, Amazon Trust Services chain",
            EndpointType::DataLegacy => "MQTT/HTTPS data, legacy VeriSign Class 3 G5 chain",
            EndpointType::CredentialProvider => "certificate → AWS credentials",
            EndpointType::Jobs => "jobs data plane",
        }
    }

    /// Whether devices speak MQTT to it, so that port 443 needs ALPN `x-amzn-mqtt-ca`.
    pub fn is_data(self) -> bool {
        matches!(self, EndpointType::DataAts | EndpointType::DataLegacy)
    }

    /// The type with this API name or short name, in any case.
    pub fn from_name(name: &str) -> Option<EndpointType> {
        let name = name.trim();
        EndpointType::ALL.into_iter().find(|t| {
            t.api_name().eq_ignore_ascii_case(name) || t.short_name().eq_ignore_ascii_case(name)
        })
    }
}

impl fmt::Display for EndpointType {
    /// The API name, `iot:Data-ATS`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.api_name())
    }
}

/// Why the legacy `iot:Data` endpoint fails where the ATS one passes, in words for people.
pub const LEGACY_EXPLANATION: &str = "The legacy iot:Data endpoint is served under the \
Symantec/VeriSign Class 3 Public Primary Certification Authority - G5 hierarchy, which the \
Mozilla, Apple, Google and Microsoft root programs have removed. A device holding only the \
Amazon roots (the AWS IoT device preset) rejects it; devices should use the iot:Data-ATS \
endpoint. To see the legacy chain verify, trust the \"AWS IoT legacy (VeriSign G5)\" store \
(--trust-store aws-iot-legacy).";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in EndpointType::ALL {
            assert_eq!(EndpointType::from_name(t.api_name()), Some(t));
            assert_eq!(EndpointType::from_name(t.short_name()), Some(t));
        }
        assert_eq!(
            EndpointType::from_name(" IOT:DATA-ATS "),
            Some(EndpointType::DataAts)
        );
        assert_eq!(EndpointType::from_name("iot:Other"), None);
    }

    #[test]
    fn only_data_endpoints_speak_mqtt() {
        let data: Vec<_> = EndpointType::ALL
            .into_iter()
            .filter(|t| t.is_data())
            .collect();
        assert_eq!(data, EndpointType::DATA);
    }
}
