//! How times and counts are written for people, shared by every face.

use time::OffsetDateTime;

/// Formats an instant for people: `2023-08-14 23:59:59 UTC`.
pub fn human_time(t: OffsetDateTime) -> String {
    let fmt =
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
    t.to_offset(time::UtcOffset::UTC)
        .format(&fmt)
        .unwrap_or_else(|_| t.to_string())
}

/// Formats a date for people: `2023-08-14`.
pub fn human_date(t: OffsetDateTime) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    t.to_offset(time::UtcOffset::UTC)
        .format(&fmt)
        .unwrap_or_else(|_| t.to_string())
}

/// `1 day`, `3 days`.
pub fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_times() {
        let t = time::macros::datetime!(2023-08-14 23:59:59 UTC);
        assert_eq!(human_time(t), "2023-08-14 23:59:59 UTC");
        assert_eq!(human_date(t), "2023-08-14");
        assert_eq!(plural(1, "day"), "1 day");
        assert_eq!(plural(2, "day"), "2 days");
    }
}
