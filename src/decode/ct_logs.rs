//! Names of Certificate Transparency logs, keyed by log ID (base64), for the certificate
//! printer: the descriptions of the browsers' own log lists ([`crate::ct::log_list`]), the
//! bundled ones or those chosen with `--ct-log-list`. A log that is in neither is shown by
//! its ID alone.

/// The description of a listed log, from its base64 log ID.
pub(crate) fn log_name(log_id_base64: &str) -> Option<String> {
    crate::ct::LogLists::active()
        .description(log_id_base64)
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_logs_are_named() {
        // Chrome's list first; a log only Apple's list still holds gets Apple's name.
        assert_eq!(
            log_name("DleUvPOuqT4zGyyZB7P3kN+bwj1xMiXdIaklrGHFTiE=").as_deref(),
            Some("Google 'Argon2026h1' log")
        );
        assert_eq!(
            log_name("6D7Q2j71BjUy51covIlryQPTy9ERa+zraeF3fW0GvW4=").as_deref(),
            Some("Google 'Argon 2023' log")
        );
        assert_eq!(log_name("AAAA"), None);
    }
}
