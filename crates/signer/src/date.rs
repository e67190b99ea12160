//! `X-Sdk-Date` values: UTC `YYYYMMDDTHHMMSSZ`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Formats `time` as `YYYYMMDDTHHMMSSZ` (UTC).
pub fn format_date(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Parses `YYYYMMDDTHHMMSSZ`; `None` for anything else.
pub fn parse_date(text: &str) -> Option<SystemTime> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u64> {
        let s = text.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (y, mo, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (h, mi, s) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(y as i64, mo as i64, d as i64);
    let secs = u64::try_from(days).ok()? * 86_400 + h * 3600 + mi * 60 + s;
    Some(UNIX_EPOCH + Duration::from_secs(secs))
}

/// Parses the times the cloud's bodies carry: `2026-12-02T06:00:00`, with
/// an optional fraction (`.065`, `.000000`) and an optional zone (`Z`,
/// `+08:00`, `+0800`; UTC without one). `None` for anything else.
pub fn parse_timestamp(text: &str) -> Option<SystemTime> {
    let (whole, rest) = (text.get(..19)?, text.get(19..)?);
    let b = whole.as_bytes();
    let separators =
        b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':' && b[16] == b':';
    if !separators {
        return None;
    }
    let compact: String = whole.chars().filter(|c| !matches!(c, '-' | ':')).collect();
    let utc = parse_date(&format!("{compact}Z"))?;
    let zone = match rest.strip_prefix('.') {
        Some(fraction) => {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            &fraction[digits..]
        }
        None => rest,
    };
    let east = match zone {
        "" | "Z" => 0,
        _ => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let (h, m): (i64, i64) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
            sign * (h * 3600 + m * 60)
        }
    };
    let shift = Duration::from_secs(east.unsigned_abs());
    if east >= 0 {
        utc.checked_sub(shift)
    } else {
        utc.checked_add(shift)
    }
}

// Howard Hinnant's civil-calendar algorithms (public domain).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_known_instants() {
        // 2026-11-22T10:15:30Z is 1795342530 seconds after the epoch.
        let t = UNIX_EPOCH + Duration::from_secs(1_795_342_530);
        assert_eq!(format_date(t), "20261122T101530Z");
        assert_eq!(parse_date("20261122T101530Z"), Some(t));
        assert_eq!(format_date(UNIX_EPOCH), "19700101T000000Z");
        // A leap day.
        let leap = parse_date("20240229T235959Z").unwrap();
        assert_eq!(format_date(leap), "20240229T235959Z");
    }

    #[test]
    fn refuses_other_shapes() {
        for bad in [
            "",
            "2026-11-22T10:15:30Z",
            "20261122T101530",
            "20261322T101530Z",
            "2026112xT101530Z",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
