//! The password of an encrypted input (PKCS#12), held so that it never shows or lingers.

use zeroize::Zeroizing;

/// A password given by the user. Its memory is wiped when dropped; `Debug` hides it; it
/// is neither serialised nor persisted anywhere.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Password(Zeroizing<String>);

impl Password {
    /// Wraps a password (the caller's copy should be dropped or wiped too).
    pub fn new(password: impl Into<String>) -> Self {
        Self(Zeroizing::new(password.into()))
    }

    /// The password text, for the decryption only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<hidden>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_password() {
        let shown = format!("{:?}", Password::new("hunter2"));
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}
