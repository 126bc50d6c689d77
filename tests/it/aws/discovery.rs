//! AWS IoT endpoint discovery against moto, a real AWS API emulator on a loopback port:
//! every endpoint type, regions and profiles from each place they can come from, one
//! credential fetch through assume-role, and each failure as one specific line.

use std::fs;
use std::net::TcpListener;
use std::time::Duration;

use crate::common::aws_home::{AwsHome, SECRET_ACCESS_KEY};
use crate::common::moto;

/// Starts moto, or returns from the test (loudly) when it is not installed.
macro_rules! moto_or_skip {
    () => {
        match moto::start().unwrap() {
            Some(moto) => moto,
            None => return,
        }
    };
}

/// The addresses a freshly seeded moto (`a=42`) gives in eu-west-1, in the order asked.
const SEEDED_ATS: &str = "ohbvrpoivgrv5i-ats.iot.eu-west-1.amazonaws.com";
const SEEDED_LEGACY: &str = "7yfjs1on43xkmt.iot.eu-west-1.amazonaws.com";
const SEEDED_CREDENTIALS: &str = "zuzren68k4tunp.credentials.iot.eu-west-1.amazonaws.com";
const SEEDED_JOBS: &str = "4iwrxpvhsbkda9.jobs.iot.eu-west-1.amazonaws.com";

/// The single address `aws endpoints` printed for one type.
fn only_address(stdout: &str, api_name: &str) -> String {
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let fields: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(fields.len(), 2, "{stdout}");
    assert_eq!(fields[0], api_name, "{stdout}");
    fields[1].to_string()
}

#[test]
fn type_all_prints_the_four_endpoints() {
    let moto = moto_or_skip!();
    let home = AwsHome::with_keys();
    let run = home.endpoints(&moto, &["--type", "all"]);
    assert_eq!(run.code(), Some(0), "{}", run.both());
    let rows: Vec<Vec<String>> = run
        .stdout()
        .lines()
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect();
    let expected = [
        ["iot:Data-ATS", SEEDED_ATS],
        ["iot:Data", SEEDED_LEGACY],
        ["iot:CredentialProvider", SEEDED_CREDENTIALS],
        ["iot:Jobs", SEEDED_JOBS],
    ];
    assert_eq!(
        rows,
        expected.map(|r| r.map(str::to_string)),
        "{}",
        run.both()
    );
    // The legacy endpoint is explained, on stderr so the table stays parseable.
    assert!(run.stderr().contains("VeriSign Class 3"), "{}", run.both());
}

#[test]
fn each_type_asks_for_that_type() {
    let moto = moto_or_skip!();
    let home = AwsHome::with_keys();
    // moto answers each type with an address of that type's shape.
    let cases = [
        ("ats", "iot:Data-ATS", "-ats.iot.eu-west-1.amazonaws.com"),
        ("legacy", "iot:Data", ".iot.eu-west-1.amazonaws.com"),
        (
            "credentials",
            "iot:CredentialProvider",
            ".credentials.iot.eu-west-1.amazonaws.com",
        ),
        ("jobs", "iot:Jobs", ".jobs.iot.eu-west-1.amazonaws.com"),
    ];
    for (short, api_name, suffix) in cases {
        let run = home.endpoints(&moto, &["--type", short]);
        assert_eq!(run.code(), Some(0), "{short}: {}", run.both());
        let address = only_address(&run.stdout(), api_name);
        assert!(address.ends_with(suffix), "{short}: {address}");
        let prefix = address.trim_end_matches(suffix);
        assert_eq!(prefix.len(), 14, "{short}: {address}");
        if short == "legacy" {
            assert!(!address.contains("-ats."), "{address}");
        }
    }
}

#[test]
fn json_lists_type_and_address() {
    let moto = moto_or_skip!();
    let home = AwsHome::with_keys();
    let url = moto.url();
    let run = home.endpoints(&moto, &["--type", "all", "--json"]);
    assert_eq!(run.code(), Some(0), "{}", run.both());
    let value: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(value["region"], "eu-west-1");
    assert_eq!(value["profile"], "default");
    assert_eq!(value["service_url"], url.as_str());
    let endpoints = value["endpoints"].as_array().unwrap();
    let pairs: Vec<(&str, &str)> = endpoints
        .iter()
        .map(|e| (e["type"].as_str().unwrap(), e["address"].as_str().unwrap()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("iot:Data-ATS", SEEDED_ATS),
            ("iot:Data", SEEDED_LEGACY),
            ("iot:CredentialProvider", SEEDED_CREDENTIALS),
            ("iot:Jobs", SEEDED_JOBS),
        ]
    );
}

#[test]
fn region_comes_from_the_environment() {
    let moto = moto_or_skip!();
    let mut home = AwsHome::with_keys();
    home.set_env("AWS_REGION", "ap-southeast-2");
    let url = moto.url();
    let run = home.run(&["aws", "endpoints", "--endpoint-url", &url]);
    assert_eq!(run.code(), Some(0), "{}", run.both());
    let address = only_address(&run.stdout(), "iot:Data-ATS");
    assert!(
        address.ends_with("-ats.iot.ap-southeast-2.amazonaws.com"),
        "{address}"
    );
    // The option wins over the environment.
    let run = home.run(&[
        "aws",
        "endpoints",
        "--endpoint-url",
        &url,
        "--region",
        "us-west-2",
    ]);
    let address = only_address(&run.stdout(), "iot:Data-ATS");
    assert!(
        address.ends_with(".iot.us-west-2.amazonaws.com"),
        "{address}"
    );
}

#[test]
fn region_and_credentials_come_from_a_profile() {
    let moto = moto_or_skip!();
    let home = AwsHome::new();
    home.config("[profile iot-dev]\nregion = ca-central-1\n");
    home.credentials(&format!(
        "[iot-dev]\naws_access_key_id = AKIAPROFILE000000000\naws_secret_access_key = {SECRET_ACCESS_KEY}\n"
    ));
    let url = moto.url();
    let run = home.run(&[
        "aws",
        "endpoints",
        "--profile",
        "iot-dev",
        "--endpoint-url",
        &url,
    ]);
    assert_eq!(run.code(), Some(0), "{}", run.both());
    let address = only_address(&run.stdout(), "iot:Data-ATS");
    assert!(
        address.ends_with("-ats.iot.ca-central-1.amazonaws.com"),
        "{address}"
    );
    // AWS_PROFILE selects it as well.
    let mut home = home;
    home.set_env("AWS_PROFILE", "iot-dev");
    let run = home.run(&["aws", "endpoints", "--endpoint-url", &url, "--json"]);
    assert_eq!(run.code(), Some(0), "{}", run.both());
    let value: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(value["profile"], "iot-dev");
    assert_eq!(value["region"], "ca-central-1");
}

#[test]
fn endpoint_url_comes_from_a_profile() {
    let moto = moto_or_skip!();
    // Keys in the environment do not count once a profile is named (as in aws-cli): the
    // profile has its own.
    let home = AwsHome::with_keys();
    home.config(&format!(
        "[profile local]\nregion = eu-west-1\nendpoint_url = {}\n",
        moto.url()
    ));
    let run = home.run(&["aws", "endpoints", "--profile", "local"]);
    run.assert_one_line_error(&["no AWS credentials for profile local"]);
    home.credentials(&format!(
        "[local]\naws_access_key_id = AKIAPROFILE000000000\naws_secret_access_key = {SECRET_ACCESS_KEY}\n"
    ));
    let run = home.run(&["aws", "endpoints", "--profile", "local", "--type", "all"]);
    assert_eq!(run.code(), Some(0), "{}", run.both());
    assert_eq!(run.stdout().lines().count(), 4, "{}", run.both());
    assert!(run.stdout().contains(SEEDED_ATS), "{}", run.both());
}

#[test]
fn assume_role_fetches_credentials_once() {
    let moto = moto_or_skip!();
    let home = AwsHome::new();
    let (script, log) = home.credential_process();
    // The role is assumed through moto's STS, named by the profile's endpoint_url.
    home.config(&format!(
        "[profile source]\ncredential_process = {}\nregion = eu-west-1\n\n\
         [profile iot-role]\nrole_arn = arn:aws:iam::123456789012:role/iot-reader\n\
         source_profile = source\nregion = eu-west-1\nendpoint_url = {}\n",
        script.display(),
        moto.url()
    ));
    let run = home.run(&["aws", "endpoints", "--profile", "iot-role", "--type", "all"]);
    assert_eq!(run.code(), Some(0), "{}", run.both());
    assert_eq!(run.stdout().lines().count(), 4, "{}", run.both());
    let calls = fs::read_to_string(&log).unwrap();
    assert_eq!(
        calls.lines().count(),
        1,
        "four requests, one credential fetch: {calls:?}"
    );
    assert!(!run.both().contains(SECRET_ACCESS_KEY), "{}", run.both());
}

#[test]
fn stopped_moto_names_the_url() {
    let moto = moto_or_skip!();
    let url = moto.url();
    drop(moto);
    let home = AwsHome::with_keys();
    let run = home.run(&[
        "aws",
        "endpoints",
        "--region",
        "eu-west-1",
        "--endpoint-url",
        &url,
        "--timeout",
        "5",
    ]);
    run.assert_one_line_error(&["cannot reach AWS IoT in eu-west-1", &url]);
    assert!(
        run.elapsed < Duration::from_secs(5 + 5),
        "{:?}",
        run.elapsed
    );
}

#[test]
fn silent_port_times_out_within_the_limit() {
    // Accepts connections (the kernel's backlog does) and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let home = AwsHome::with_keys();
    let run = home.run(&[
        "aws",
        "endpoints",
        "--region",
        "eu-west-1",
        "--endpoint-url",
        &url,
        "--timeout",
        "2",
    ]);
    run.assert_one_line_error(&["no answer within 2 s", &url]);
    assert!(
        run.elapsed < Duration::from_secs(2 + 5),
        "{:?}",
        run.elapsed
    );
    drop(listener);
}

#[test]
fn missing_credentials_are_named() {
    let moto = moto_or_skip!();
    let home = AwsHome::new();
    let url = moto.url();
    let run = home.run(&[
        "aws",
        "endpoints",
        "--region",
        "eu-west-1",
        "--endpoint-url",
        &url,
    ]);
    run.assert_one_line_error(&[
        "no AWS credentials for profile default",
        "aws configure --profile default",
    ]);
}

#[test]
fn unknown_profile_is_named() {
    let home = AwsHome::with_keys();
    home.config("[profile real]\nregion = eu-west-1\n");
    let run = home.run(&["aws", "endpoints", "--profile", "nope"]);
    run.assert_one_line_error(&["AWS profile \"nope\" is not defined", "--profile nope"]);
    let mut home = home;
    home.set_env("AWS_PROFILE", "nope");
    let run = home.run(&["aws", "endpoints", "--region", "eu-west-1"]);
    run.assert_one_line_error(&["AWS profile \"nope\" is not defined"]);
}

#[test]
fn expired_sso_session_says_to_log_in() {
    let moto = moto_or_skip!();
    let home = AwsHome::new();
    home.config(
        "[profile sso-dev]\nsso_session = corp\nsso_account_id = 123456789012\n\
         sso_role_name = IoTReader\nregion = eu-west-1\n\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.invalid/start\n\
         sso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n",
    );
    // The SDK's token cache: ~/.aws/sso/cache/<sha1 of the session name>.json. Without a
    // refresh token an expired token fails at once, with no network.
    use sha1::Digest;
    let name = hex::encode(sha1::Sha1::digest(b"corp"));
    let cache = home.path().join(".aws/sso/cache");
    fs::create_dir_all(&cache).unwrap();
    fs::write(
        cache.join(format!("{name}.json")),
        r#"{"accessToken": "expired-sso-access-token", "expiresAt": "2020-01-01T00:00:00Z",
            "region": "eu-west-1", "startUrl": "https://corp.awsapps.invalid/start"}"#,
    )
    .unwrap();
    let url = moto.url();
    let run = home.run(&[
        "aws",
        "endpoints",
        "--profile",
        "sso-dev",
        "--endpoint-url",
        &url,
    ]);
    run.assert_one_line_error(&["SSO session", "aws sso login --profile sso-dev"]);
    assert!(!run.both().contains("expired-sso-access-token"));
}

#[test]
fn missing_or_empty_region_is_named() {
    let home = AwsHome::with_keys();
    let run = home.run(&["aws", "endpoints"]);
    run.assert_one_line_error(&["no AWS region for profile default", "AWS_REGION"]);
    let run = home.run(&["aws", "endpoints", "--region", ""]);
    run.assert_one_line_error(&["AWS region is empty"]);
    let run = home.run(&["aws", "endpoints", "--region", "eu west 1"]);
    run.assert_one_line_error(&["invalid AWS region"]);
}

#[test]
fn an_endpoint_url_without_scheme_is_named() {
    let home = AwsHome::with_keys();
    for url in ["localhost:5000", "", "http://"] {
        let run = home.run(&[
            "aws",
            "endpoints",
            "--region",
            "eu-west-1",
            "--endpoint-url",
            url,
        ]);
        run.assert_one_line_error(&["invalid AWS endpoint URL"]);
    }
}

#[test]
fn access_denied_names_the_action_and_status() {
    // With authentication on, moto refuses keys IAM does not know.
    let Some(moto) = moto::start_with(&[("INITIAL_NO_AUTH_ACTION_COUNT", "0")]).unwrap() else {
        return;
    };
    let home = AwsHome::with_keys();
    let url = moto.url();
    let run = home.run(&[
        "aws",
        "endpoints",
        "--region",
        "eu-west-1",
        "--endpoint-url",
        &url,
    ]);
    run.assert_one_line_error(&[
        "AWS denied iot:DescribeEndpoint",
        "HTTP 403",
        "InvalidClientTokenId",
    ]);
}

#[test]
fn a_reply_that_is_not_json_keeps_its_status() {
    let moto = moto_or_skip!();
    let home = AwsHome::with_keys();
    // moto has no route below this prefix and answers 404 with an HTML page.
    let url = format!("{}/no-such-prefix", moto.url());
    let run = home.run(&[
        "aws",
        "endpoints",
        "--region",
        "eu-west-1",
        "--endpoint-url",
        &url,
    ]);
    run.assert_one_line_error(&["HTTP 404", "not an AWS reply"]);
}

#[test]
fn zero_timeout_is_a_usage_error() {
    let home = AwsHome::with_keys();
    let run = home.run(&[
        "aws",
        "endpoints",
        "--region",
        "eu-west-1",
        "--timeout",
        "0",
    ]);
    assert_eq!(run.code(), Some(2), "{}", run.both());
    assert!(run.stderr().contains("--timeout"), "{}", run.both());
}

#[test]
fn discover_still_prints_the_address() {
    let moto = moto_or_skip!();
    let home = AwsHome::with_keys();
    let url = moto.url();
    let run = home.run(&["discover", "--region", "eu-west-1", "--endpoint-url", &url]);
    assert_eq!(run.code(), Some(0), "{}", run.both());
    assert_eq!(run.stdout().trim(), SEEDED_ATS);
    // Options that only apply with --inspect are refused instead of ignored.
    for extra in [&["--json"][..], &["--trust-store", "aws-iot"][..]] {
        let mut args = vec!["discover", "--region", "eu-west-1", "--endpoint-url", &url];
        args.extend_from_slice(extra);
        let run = home.run(&args);
        run.assert_one_line_error(&["only apply with --inspect"]);
    }
}
