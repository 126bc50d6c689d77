//! One test run again, alone, in a process of its own: for the few tests whose code under
//! test reads the process environment and cannot be handed it (the window's AWS discovery
//! reads the shared-config variables itself). Tests are threads of one process, and
//! changing its environment while other threads read theirs is unsound, so the environment
//! is given to the child instead.

use std::ffi::OsStr;
use std::process::Command;

/// Set in the child, so the test knows it is the run that does the work.
const CHILD_VAR: &str = "CHAINLENS_IT_OWN_PROCESS";

/// True in the process [`rerun`] started.
pub fn is_child() -> bool {
    std::env::var_os(CHILD_VAR).is_some()
}

/// Runs the test at `path` (from this binary's root, e.g. `gui::aws::a_test`) alone in a
/// new process of this test binary, with the variables of `remove` unset and those of `set`
/// set, and panics with the child's output unless that one test ran and passed.
pub fn rerun(path: &str, remove: &[&str], set: &[(&str, &OsStr)]) {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([path, "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD_VAR, "1");
    for key in remove {
        command.env_remove(key);
    }
    for (key, value) in set {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("test result: ok. 1 passed"),
        "{path} in its own process: {}\nstdout:\n{stdout}\nstderr:\n{stderr}",
        output.status
    );
}
