//! The chains the device tests run: the OpenSSL-made fixtures in `testdata/` (the same files
//! the real libraries were run on) and a few rcgen chains for dates the fixtures lack.

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, date_time_ymd,
};
use time::OffsetDateTime;
use time::macros::datetime;

use crate::model::{
    Certificate, Device, DeviceChoice, DeviceClock, DeviceVerdict, Policy, Source, SourceKind,
    Stack,
};
use crate::verify::test_chains::{decode, store};
use crate::verify::{Input, TrustStore, inspect};

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("testdata/", $name, ".pem"))
    };
}

fn pem(text: &str) -> Certificate {
    let block = pem::parse(text).unwrap();
    decode(block.contents())
}

/// The fixtures, decoded once per test.
pub struct Lab {
    store: TrustStore,
    inter: Certificate,
}

/// When the fixtures are all valid.
pub const AT: OffsetDateTime = datetime!(2027-01-01 00:00 UTC);

/// When the fixtures' leaves have expired and the rest have not.
pub const LEAVES_EXPIRED: OffsetDateTime = datetime!(2028-06-01 00:00 UTC);

impl Lab {
    /// The fixtures' root as the one store.
    pub fn new() -> Self {
        Self {
            store: store("Test Root", vec![pem(fixture!("root"))]),
            inter: pem(fixture!("inter")),
        }
    }

    /// A leaf with SAN IP:10.0.0.1 and CN=leaf.
    pub fn ip_leaf(&self) -> Certificate {
        pem(fixture!("leaf"))
    }

    /// A leaf with CN=device.example.com and no SAN.
    pub fn cn_only_leaf(&self) -> Certificate {
        pem(fixture!("cn"))
    }

    /// A leaf with CN=device.example.com and SAN IP:10.0.0.1.
    pub fn cn_and_ip_leaf(&self) -> Certificate {
        pem(fixture!("cnip"))
    }

    /// A device.example.com leaf with an RSA-1024 key.
    pub fn rsa1024_leaf(&self) -> Certificate {
        pem(fixture!("l_1024"))
    }

    /// A device.example.com leaf with an Ed25519 key.
    pub fn ed25519_leaf(&self) -> Certificate {
        pem(fixture!("l_ed"))
    }

    /// leaf (DNS:device.example.com), intermediate.
    pub fn ok_chain(&self) -> Vec<Certificate> {
        vec![pem(fixture!("l_ok")), self.inter.clone()]
    }

    /// A leaf under a SHA-1-signed intermediate.
    pub fn sha1_chain(&self) -> Vec<Certificate> {
        vec![pem(fixture!("l_sha1")), pem(fixture!("i_sha1"))]
    }

    /// A device.example.com leaf under an intermediate with critical nameConstraints
    /// permitting only allowed.example.
    pub fn nc_chain(&self) -> Vec<Certificate> {
        vec![pem(fixture!("l_nc")), pem(fixture!("i_nc"))]
    }

    /// leaf, sub-intermediate, intermediate with pathlen:0.
    pub fn path_len_chain(&self) -> Vec<Certificate> {
        vec![
            pem(fixture!("l_pl")),
            pem(fixture!("i_sub")),
            pem(fixture!("i_pl0")),
        ]
    }

    /// A leaf under an intermediate whose EKU is clientAuth only.
    pub fn client_eku_ca_chain(&self) -> Vec<Certificate> {
        vec![pem(fixture!("l_eku")), pem(fixture!("i_eku"))]
    }

    /// A leaf whose EKU is clientAuth only.
    pub fn client_eku_leaf_chain(&self) -> Vec<Certificate> {
        vec![pem(fixture!("l_ceku")), self.inter.clone()]
    }

    /// leaf, an unrelated self-signed certificate, intermediate.
    pub fn extra_in_middle(&self) -> Vec<Certificate> {
        vec![
            pem(fixture!("l_ok")),
            pem(fixture!("extra")),
            self.inter.clone(),
        ]
    }

    /// leaf, intermediate, an unrelated self-signed certificate.
    pub fn extra_at_end(&self) -> Vec<Certificate> {
        vec![
            pem(fixture!("l_ok")),
            self.inter.clone(),
            pem(fixture!("extra")),
        ]
    }

    /// leaf, a self-signed CA named like the intermediate, intermediate.
    pub fn decoy_first(&self) -> Vec<Certificate> {
        vec![
            pem(fixture!("l_ok")),
            pem(fixture!("decoy")),
            self.inter.clone(),
        ]
    }

    /// `stack`'s verdict on `leaf` with the intermediate, for `host`.
    pub fn verdict(&self, stack: Stack, leaf: &Certificate, host: &str) -> DeviceVerdict {
        self.verdict_chain(stack, &[leaf.clone(), self.inter.clone()], host)
    }

    /// `stack`'s verdict on `chain` as sent, for `host`.
    pub fn verdict_chain(&self, stack: Stack, chain: &[Certificate], host: &str) -> DeviceVerdict {
        self.verdict_with(Device::new(stack), chain, host, DeviceClock::Set)
    }

    /// `device`'s verdict on `chain` with `clock`, at [`AT`].
    pub fn verdict_with(
        &self,
        device: Device,
        chain: &[Certificate],
        host: &str,
        clock: DeviceClock,
    ) -> DeviceVerdict {
        self.verdict_at(device, chain, host, clock, AT)
    }

    /// `device`'s verdict on `chain` with `clock`, at `at`.
    pub fn verdict_at(
        &self,
        device: Device,
        chain: &[Certificate],
        host: &str,
        clock: DeviceClock,
        at: OffsetDateTime,
    ) -> DeviceVerdict {
        run(device, chain.to_vec(), &self.store, host, clock, at)
    }

    /// `stack`'s verdict on a chain whose root expired before the leaf was issued.
    pub fn verdict_expired_root(&self, stack: Stack) -> DeviceVerdict {
        let mut root = CertificateParams::new(Vec::<String>::new()).unwrap();
        root.distinguished_name.push(DnType::CommonName, "Old Root");
        root.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        root.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        root.not_before = date_time_ymd(2010, 1, 1);
        root.not_after = date_time_ymd(2020, 1, 1);
        let root_key = KeyPair::generate().unwrap();
        let root_cert = decode(root.self_signed(&root_key).unwrap().der());
        let mut leaf = CertificateParams::new(vec!["device.example.com".to_string()]).unwrap();
        leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        leaf.not_before = date_time_ymd(2015, 1, 1);
        leaf.not_after = date_time_ymd(2030, 1, 1);
        let issuer = Issuer::new(root, &root_key);
        let leaf = decode(
            leaf.signed_by(&KeyPair::generate().unwrap(), &issuer)
                .unwrap()
                .der(),
        );
        run(
            Device::new(stack),
            vec![leaf],
            &store("Old Root", vec![root_cert]),
            "device.example.com",
            DeviceClock::Set,
            datetime!(2024-06-01 00:00 UTC),
        )
    }
}

/// `device`'s verdict on `chain` under `store`, for `host` at `at`.
pub fn verdict_for(
    device: Device,
    chain: Vec<Certificate>,
    store: &TrustStore,
    host: &str,
    at: OffsetDateTime,
) -> DeviceVerdict {
    run(device, chain, store, host, DeviceClock::Set, at)
}

fn run(
    device: Device,
    chain: Vec<Certificate>,
    store: &TrustStore,
    host: &str,
    clock: DeviceClock,
    at: OffsetDateTime,
) -> DeviceVerdict {
    let policy = Policy {
        host: Some(host.to_string()),
        devices: DeviceChoice {
            devices: vec![device],
            clock,
        },
        ..Policy::at(at)
    };
    let insp = inspect(
        Input {
            source: Source::new(SourceKind::Paste, "test"),
            certificates: chain,
            untrusted: Vec::new(),
            load_notes: Vec::new(),
        },
        std::slice::from_ref(store),
        &policy,
    );
    insp.devices.into_iter().next().unwrap()
}

/// The stack's error names of a verdict.
pub fn names(v: &DeviceVerdict) -> Vec<&'static str> {
    v.stack_errors.iter().map(|e| e.name).collect()
}
