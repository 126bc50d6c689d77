//! Names of well-known Certificate Transparency logs, keyed by log ID (base64).
//!
//! Taken from Google's `all_logs_list.json` (version 53.34, 2025-05-05); every ID below was
//! checked to equal the SHA-256 of the log's published public key. Only the logs of the major
//! operators for 2019–2026 are listed: a log that is not here is shown by its ID alone.

/// (log ID in base64, log description as the log list spells it), sorted by ID.
const CT_LOGS: &[(&str, &str)] = &[
    (
        "/kRhCLHQGreKYsz+q2qysrq/86va2ApNizDfLQAIgww=",
        "DigiCert Nessie2019 Log",
    ),
    (
        "1219ENGn9XfCx+lf1wC/+YLJM1pl4dCzAXMXwMjFaXc=",
        "Google 'Argon2026h2' log",
    ),
    (
        "2AlVO5RPev/IFhlvlE+Fq7D4/F6HVSYPFdEucrtFSxQ=",
        "Google 'Xenon2026h2' log",
    ),
    (
        "2ra/az+1tiKfm8K7XGvocJFxbLtRhIU0vaQ9MEjX+6s=",
        "Cloudflare 'Nimbus2024' Log",
    ),
    (
        "2wds3mqLeOxY1gVklutqJqjFnnISk+isAyfd3onbWio=",
        "DigiCert 'Sphinx2024h1' Log",
    ),
    (
        "3+FW66oFr7WcD4ZxjajAMk6uVtlup/WlagHRwTu+Ulw=",
        "Sectigo 'Mammoth2024h2'",
    ),
    (
        "36Veq2iCTx9sre64X04+WurNohKkal6OOxLAIERcKnM=",
        "Let's Encrypt 'Oak2022' log",
    ),
    (
        "3Mleb6KZubD9vWymo24dcsQhL90eD0dVOjbWzxrRHY0=",
        "DigiCert 'Sphinx2024h2' Log",
    ),
    (
        "3dzKNJXX4RYF55Uy+sef+D0cUN/bADoUEnYKLKy7yCo=",
        "Google 'Xenon2025h2' log",
    ),
    (
        "3oWB11AkfGvNy69WN8XngcZM5G7WF2OfjzSnJsnivTc=",
        "DigiCert 'Sphinx2025h1' Log",
    ),
    (
        "4JKz/AwdyOdoNh/eYbmWTQpSeBmKctZyxLBNpW1vVAQ=",
        "Sectigo 'Sabre2025h1'",
    ),
    (
        "4mlLribo6UAJ6IYbtjuD1D7n/nSI+6SPKJMBnd3x2/4=",
        "DigiCert Yeti2019 Log",
    ),
    (
        "5tIxY0B3jMEQQQbXcbnOwdJA9paEhvu6hzId/R43jlA=",
        "DigiCert Nessie2025 Log",
    ),
    (
        "5xLysDd+GmL7jskMYYTx6ns3y1YdESZb8+DzS/JBVG4=",
        "Let's Encrypt 'Oak2020' log",
    ),
    (
        "6D7Q2j71BjUy51covIlryQPTy9ERa+zraeF3fW0GvW4=",
        "Google 'Argon2023' log",
    ),
    (
        "6H6nZgvCbPYALvVyXT/g4zG5OTu5L79Y6zuQSdr1Q1o=",
        "Trust Asia Log2023",
    ),
    (
        "7TxL1ugGwqSiAFfbyyTiOAHfUS/txIbFcA8g3bc+P+A=",
        "DigiCert 'Wyvern2025h2' Log",
    ),
    (
        "7s3QZNXbGs7FXLedtM0TojKHRny87N7DUUhZRnEftZs=",
        "Google 'Argon2024' log",
    ),
    (
        "7sCV7o1yZA+S48O5G8cSo2lqCXtLahoUOOZHssvtxfk=",
        "DigiCert Nessie2021 Log",
    ),
    (
        "8JWkWfIA0YJAEC0vk4iOrUv+HUfjmeHQNKawqKqOsnM=",
        "DigiCert Yeti2020 Log",
    ),
    (
        "9lyUL9F3MCIUVBgIMJRWjuNNExkzv98MLyALzE7xZOM=",
        "Google 'Argon2021' log",
    ),
    (
        "B7dcG+V9aP/xsMYdIxXHuuZXfFeUt2ruvGE6GmnTohw=",
        "Google 'Xenon2020' log",
    ),
    (
        "BZwB0yDgB4QTlYBJjRF8kDJmr69yULWvO0akPhGEDUo=",
        "DigiCert Yeti2022-2 Log",
    ),
    (
        "CEEUmABxUywWGQRgvPxH/cJlOvopLHKzf/hjrinMyfA=",
        "Google 'Xenon2019' log",
    ),
    (
        "DCrvLEpbmIPU3aOC/lD7UYiz6XMzoexToJ3Jp50NCCA=",
        "DigiCert 'Wyvern2024h2' Log",
    ),
    (
        "DeHyMCvTDcFAYhIJ6lUu/Ed0fLHX6TDvDkIetH5OqjQ=",
        "Let's Encrypt 'Oak2025h2'",
    ),
    (
        "DleUvPOuqT4zGyyZB7P3kN+bwj1xMiXdIaklrGHFTiE=",
        "Google 'Argon2026h1' log",
    ),
    (
        "E0rfGrWYQgl4DG/vTHqRpBa3I0nOWFdq367ap8Kr4CI=",
        "Sectigo 'Mammoth2025h1'",
    ),
    (
        "EvFONL1TckyEBhnDjz96E/jntWKHiJxtMAWE6+WGJjo=",
        "Google 'Argon2025h2' log",
    ),
    (
        "GYbUxyiqb/66A294Kk0BkarOLXIxD67OXXBBLSVMx9Q=",
        "Let's Encrypt 'Oak2026h1'",
    ),
    (
        "GZgQcQnw1lIuMIDSnj9ku4NuKMz5D1KO7t/OSj8WtMo=",
        "Sectigo 'Sabre2024h2'",
    ),
    (
        "GgT/SdBUHUCv9qDDv/HYxGcvTuzuI0BomGsXQC7ciX0=",
        "Sectigo 'Sabre2025h2'",
    ),
    (
        "H1bRq5RwSkHdP+r99GmTVTAsFDG/5hNGCJ//rnldzC8=",
        "Sectigo 'Sabre2026h2'",
    ),
    (
        "IkVFB1lVJFaWP6Ev8fdthuAjJmOtwEt/XcaDXG7iDwI=",
        "DigiCert Yeti2022 Log",
    ),
    (
        "JS+Uwisp6W6fQRpyBytpXFtS/5epDSVAu/zcUexN7gs=",
        "Sectigo 'Mammoth2026h1'",
    ),
    (
        "Jbfv3qETAZPtkweXcKoyKiZiDeNayKp8dRl94LGp4GU=",
        "TrustAsia 'log2026b'",
    ),
    (
        "KCyL3YEP+QkSCs4W1uDsIBvqgqOkrxnZ7/tZ6D/cQmg=",
        "TrustAsia Log2025b",
    ),
    (
        "KOKBOP2DIUXpqdaqdTdtg3eohRKzwH9yQUgh3L3pjGY=",
        "TrustAsia Log2025a",
    ),
    (
        "KXm+8J45OSHwVnOfY6V35b5XfZxgCvj5TV0mXCVdx4Q=",
        "Google 'Argon2022' log",
    ),
    (
        "KdA6G7Z0qnEc0wNbZVfBT4qni0/oOJRJ7KRT+US9JGg=",
        "Sectigo 'Mammoth2024h1'",
    ),
    (
        "MG0pV2rSGp1K4SrK2KqKeDqmWjIRYKz/Ww7uTKMgHQU=",
        "Trust Asia Log2024",
    ),
    (
        "Nc8ZG7+xbFe/D61MbULLu7YnICZR6j/hKu+oA8M71kw=",
        "DigiCert Yeti2023 Log",
    ),
    (
        "O1N3dT4tuYBOizBbBv5AO2fYT8P0x70ADS1yb+H61Bc=",
        "Let's Encrypt 'Oak2024H1' log",
    ),
    (
        "PxdLT9ciR1iUHWUchL4NEu2QN38fhWrrwb8ohez4ZG4=",
        "Let's Encrypt 'Oak2024H2' log",
    ),
    (
        "QcjKsd8iRkoQxqE6CUKHXk4xixsD6+tLx2jwkGKWBvY=",
        "Cloudflare 'Nimbus2022' Log",
    ),
    (
        "RJRlLrDuzq/EQAfYqP4owNrmgr7YyzG1P9MzlrW2gag=",
        "Cloudflare 'Nimbus2021' Log",
    ),
    (
        "RTWUmNk6ieAoAwjTfWJtxCN1R1jc4DcANvurDt+Ka88=",
        "Trust Asia Log1",
    ),
    (
        "RqVV63X6kSAwtaKJafTzfREsQXS+/Um4havy/HD+bUc=",
        "Google 'Xenon2022' log",
    ),
    (
        "SLDja9qmRzQP5WoC+p0w6xxSActW3SyB2bu/qznYhHM=",
        "DigiCert Yeti2024 Log",
    ),
    (
        "SZybad4dfOz8Nt7Nh2SmuFuvCoeAGdFVUvvp6ynd+MM=",
        "DigiCert 'Sphinx2026h1'",
    ),
    (
        "TnWjJ1yaEMM4W2zU3z9S6x3w4I4bjWnAsfpksWKaOd8=",
        "Google 'Argon2025h1' log",
    ),
    (
        "UIUBWNy2BZXADpKoEQLszf4/a3hYQp9XmDU4ydpSUGM=",
        "Sectigo 'Mammoth2024h1b'",
    ),
    (
        "UaOw9f0BeZxWbbg3eI8MpHrMGyfL956IQpoN/tSLBeU=",
        "DigiCert Nessie2022 Log",
    ),
    (
        "VYHUwhaQNgFK6gubVzxT8MDkOHhwJQgXL6OqHQcT0ww=",
        "Sectigo 'Sabre' CT log",
    ),
    (
        "VmzVo3a+g9/jQrZ1xJwjJJinabrDgsurSaOHfZqzLQE=",
        "Sectigo 'Sabre2026h1'",
    ),
    (
        "XNxDkv7mq0VEsV6a1FbmEDf71fpH3KFzlLJe5vbHDso=",
        "DigiCert Yeti2021 Log",
    ),
    (
        "Xqdz+d9WwOe1Nkh90EngMnqRmgyEoRIShBh1loFxRVg=",
        "Cloudflare 'Nimbus2020' Log",
    ),
    (
        "Y/Lbzeg7zCzPC3KEJ1drM6SNYXePvXWmOLHHaFRL2I0=",
        "Google 'Argon2019' log",
    ),
    (
        "Z422Wz50Q7bzo3DV4TqxtDvgoNNR98p0IlDHxvpRqIo=",
        "Trust Asia Log2021",
    ),
    (
        "ZBHEbKQS7KeJHKICLgC8q08oB9QeNSer6v7VA8l9zfA=",
        "DigiCert 'Wyvern2026h1'",
    ),
    (
        "ZZszUPQ7EsxepatOx2XT/ebIgkN3d3jnIAP56yuMMSk=",
        "Let's Encrypt 'Oak2019' log",
    ),
    (
        "b1N2rDHwMRnYmQCkURX/dxUcEdkCwQApBo2yCJo32RM=",
        "Sectigo 'Mammoth' CT log",
    ),
    (
        "c9meiRtMlnigIH1HneayxhzQUV5xGSqMa4AQesF3crU=",
        "DigiCert Nessie2024 Log",
    ),
    (
        "cyAiDwgWivnzxKaLCrJqmkoA7vV3hYoITQUA1KVCRFk=",
        "DigiCert 'Wyvern2025h1' Log",
    ),
    (
        "dH7agzGtMxCRIZzOJU9CcMK//V5CIAjGNzV55hB7zFY=",
        "Cloudflare 'Nimbus2019' Log",
    ),
    (
        "dNudWPfUfp39eHoWKpkcGM9pjafHKZGMmhiwRQ26RLw=",
        "TrustAsia 'log2026a'",
    ),
    (
        "dv+IPwq2+5VRwmHM9Ye6NLSkzbsp3GhCCp/mZ0xaOnQ=",
        "Google 'Xenon2024' log",
    ),
    (
        "ejKMVNi3LbYg6jjgUh7phBZwMhOFTTvSK8E6V6NS61I=",
        "Cloudflare 'Nimbus2023' Log",
    ),
    (
        "fT7y+I//iFVoJMLAyp5SiXkrxQ54CX8uapdomX4i8Nc=",
        "Google 'Xenon2021' log",
    ),
    (
        "fVkeEuF4KnscYWd8Xv340IdcFKBOlZ65Ay/ZDowuebg=",
        "DigiCert Yeti2025 Log",
    ),
    (
        "h0+1DcAp2ZMd5XPp8omejkUzs5LTiwpGJXS/D+6y/B4=",
        "Trust Asia Log2024-2",
    ),
    (
        "lCC8Ho7VjWyIcx+CiyIsDdHaTV5sT5Q9YdtOL1hNosI=",
        "Let's Encrypt 'Oak2021' log",
    ),
    (
        "lE5Dh/rswe+B8xkkJqgYZQHH0184AgE/cmd9VTcuGdg=",
        "DigiCert 'Sphinx2026h2'",
    ),
    (
        "lLHBirDQV8R74KwEDh8svI3DdXJ7yVHyClJhJoY7pzw=",
        "Sectigo 'Mammoth2026h2'",
    ),
    (
        "lpdkv1VYl633Q4doNwhCd+nwOtX2pPM2bkakPw/KqcY=",
        "Google 'Xenon2026h1' log",
    ),
    (
        "ouK/1h7eLy8HoNZObTen3GVDsMa1LqLat4r4mm31F9g=",
        "Sectigo 'Sabre2024h1'",
    ),
    (
        "ouMK5EXvva2bfjjtR2d3U9eCW4SU1yteGyzEuVCkR+c=",
        "Let's Encrypt 'Oak2025h1'",
    ),
    (
        "pELFBklgYVSPD9TqnPt6LSZFTYepfy/fRVn2J086hFQ=",
        "DigiCert 'Sphinx2025h2' Log",
    ),
    (
        "pZWUO1NwvukG4AUNH7W7xqQOZfJlroUsdjY/rbIzNu0=",
        "Trust Asia Log2020",
    ),
    (
        "qNxS9j1rJCXlMeN89ORKcU8UKiCAOw0E0uLuBmR5SiM=",
        "Trust Asia CT2021",
    ),
    (
        "rKswcGzr7IQx9BPS9JFfER5CJEOx8qaMTzwrO6ceAsM=",
        "Let's Encrypt 'Oak2026h2'",
    ),
    (
        "rfe++nz/EMiLnT2cHj4YarRnKV3PsQwkyoWGNOvcgoo=",
        "Google 'Xenon2023' log",
    ),
    (
        "rxgaKNaMo+CpikycZ6sJ+Lu8IrquvLE4o6Gd0/m2Aw0=",
        "Sectigo 'Mammoth2025h2'",
    ),
    (
        "s3N3B+GEUPhjhtYFqdwRCUp5LbFnDAuH3PADDnk2pZo=",
        "DigiCert Nessie2023 Log",
    ),
    (
        "sh4FzIuizYogTodm+Su5iiUgZ2va+nDnsklTLe+LkF4=",
        "Google 'Argon2020' log",
    ),
    (
        "tp3cvDwave9vn9YMiLEGe3fwgmiLLXhl0Es5q+knpXU=",
        "DigiCert 'Wyvern2024h1' Log",
    ),
    (
        "tz77JN+cTbp18jnFulj0bF38Qs96nzXEnh0JgSXttJk=",
        "Let's Encrypt 'Oak2023' log",
    ),
    (
        "w2X5s2VPMoPHnamOk9dBj1ure+MlLJjh0vBLuetCfSM=",
        "Trust Asia Log2022",
    ),
    (
        "wjF+V0UZo0XufzjespBB68fCIVoiv3/Vta12mtkOUs0=",
        "DigiCert 'Wyvern2026h2'",
    ),
    (
        "xlKg7EjOs/yrFwmSxDqHQTMJ6ABlomJSQBujNioXxWU=",
        "DigiCert Nessie2020 Log",
    ),
    (
        "yzj3FYl8hKFEX1vB3fvJbvKaWc1HCmkFhbDLFMMUWOc=",
        "Cloudflare 'Nimbus2026'",
    ),
    (
        "zPsPaoVxCWX+lZtTzumyfCLphVwNl422qX5UwP5MDbA=",
        "Cloudflare 'Nimbus2025'",
    ),
    (
        "zxFW7tUufK/zh1vZaS6b6RpxZ0qwF+ysAdJbd87MOwg=",
        "Google 'Xenon2025h1' log",
    ),
];

/// The description of a well-known log, from its base64 log ID.
pub(crate) fn log_name(log_id_base64: &str) -> Option<&'static str> {
    CT_LOGS
        .iter()
        .find(|(id, _)| *id == log_id_base64)
        .map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(CT_LOGS.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)));
    }

    #[test]
    fn known_logs_are_named() {
        assert_eq!(
            log_name("6D7Q2j71BjUy51covIlryQPTy9ERa+zraeF3fW0GvW4="),
            Some("Google 'Argon2023' log")
        );
        assert_eq!(
            log_name("tz77JN+cTbp18jnFulj0bF38Qs96nzXEnh0JgSXttJk="),
            Some("Let's Encrypt 'Oak2023' log")
        );
        assert_eq!(log_name("AAAA"), None);
    }
}
