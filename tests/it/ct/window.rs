//! The window's CT section: the leaf's details show both policies' verdicts and each SCT.

use chainlens::gui::TimeMode;

use crate::common::corpus::data;
use crate::common::window::{Window, light_state, runtime, shows, wait_idle, window};

#[test]
fn the_leaf_details_show_the_ct_verdicts_and_each_sct() {
    let rt = runtime();
    let mut state = light_state();
    state.trust.time_mode = TimeMode::At;
    state.trust.time_text = "2023-02-25".into();
    let sources = [
        "aws-iot-us-east-1/leaf-star.iot.us-east-1.amazonaws.com.pem",
        "aws-iot-us-east-1/intermediate-Amazon-Server-CA-1B.pem",
    ]
    .map(|f| data(f).display().to_string())
    .to_vec();
    let options = Window {
        size: [1280.0, 760.0],
        accessibility_check: true,
        setup: None,
    };
    let mut harness = window(&rt, state, sources, options);
    wait_idle(&mut harness);
    assert!(shows(&harness, "Certificate Transparency"));
    assert!(shows(&harness, "3 SCTs, 3 valid"));
    assert!(shows(&harness, "Apple CT: compliant (3 SCTs, 3 operators)"));
    // Chrome's bundled list of today has dropped these 2023 shards, and says so.
    assert!(shows(
        &harness,
        "Chrome CT: not compliant — needs 3 SCTs from distinct logs for a 340-day certificate, \
         0 count (3 valid SCTs from logs not in Chrome's list) [ct_too_few_scts]"
    ));
    assert!(shows(&harness, "valid [sct_valid]"));
}
