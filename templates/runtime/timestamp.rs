//! Dates and times as Appwrite sends them.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::{Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// Appwrite's format, `2020-10-15T06:38:00.000+00:00`, is 29 bytes.
const INLINE: usize = 30;

/// A date and time from a model field, such as `$createdAt`: the ISO 8601
/// text Appwrite sent (`2020-10-15T06:38:00.000+00:00`), kept as is.
///
/// It reads like a string (`as_str()`, `Display`, `Deref<Target = str>`,
/// comparisons with `&str`) and converts to time values with
/// [`unix_millis`](Self::unix_millis) and
/// [`to_system_time`](Self::to_system_time). Appwrite's own format is held
/// without a heap allocation, which matters when a list decodes thousands.
/// Appwrite sends an empty string for "never" (e.g. `passwordUpdate` of a
/// user without a password); such a value is empty and converts to `None`.
///
/// Parameters take dates as strings; a `Timestamp`, or
/// [`Timestamp::from_system_time`], converts into one:
///
/// ```
/// use appwrite_client::Timestamp;
/// use std::time::{Duration, UNIX_EPOCH};
///
/// let at = Timestamp::from("2020-10-15T06:38:00.000+00:00");
/// assert_eq!(at, "2020-10-15T06:38:00.000+00:00");
/// assert_eq!(at.unix_millis(), Some(1_602_743_880_000));
/// assert_eq!(Timestamp::from_system_time(UNIX_EPOCH + Duration::from_millis(1_602_743_880_000)), at);
/// let text: String = at.into();
/// ```
#[derive(Clone)]
pub struct Timestamp(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Timestamp {
    /// The text as Appwrite sent it.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => match std::str::from_utf8(&bytes[..usize::from(*len)]) {
                Ok(text) => text,
                // Only ever filled from a `&str` cut at its own length.
                Err(_) => unreachable!("inline timestamp text is UTF-8"),
            },
            Repr::Heap(text) => text,
        }
    }

    /// Milliseconds since 1970-01-01T00:00:00Z, or `None` when the text is
    /// empty or not an ISO 8601 date and time with seconds.
    pub fn unix_millis(&self) -> Option<i64> {
        parse_millis(self.as_str())
    }

    /// The instant as a [`SystemTime`], or `None` like
    /// [`unix_millis`](Self::unix_millis).
    pub fn to_system_time(&self) -> Option<SystemTime> {
        let millis = self.unix_millis()?;
        let offset = Duration::from_millis(millis.unsigned_abs());
        if millis >= 0 {
            UNIX_EPOCH.checked_add(offset)
        } else {
            UNIX_EPOCH.checked_sub(offset)
        }
    }

    /// `time` in Appwrite's format, in UTC with milliseconds.
    pub fn from_system_time(time: SystemTime) -> Self {
        let millis = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_millis()).map_or(i64::MIN, |m| -m),
        };
        Self::from_unix_millis(millis)
    }

    /// Milliseconds since the Unix epoch, in Appwrite's format (UTC).
    pub fn from_unix_millis(millis: i64) -> Self {
        let days = millis.div_euclid(86_400_000);
        let in_day = millis.rem_euclid(86_400_000);
        let (year, month, day) = civil_from_days(days);
        let text = format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}+00:00",
            in_day / 3_600_000,
            in_day / 60_000 % 60,
            in_day / 1000 % 60,
            in_day % 1000
        );
        Self::from(text.as_str())
    }
}

/// Days since 1970-01-01 -> (year, month, day) in the proleptic Gregorian
/// calendar, counting in 400-year eras of 146,097 days.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// (year, month, day) -> days since 1970-01-01; the inverse of
/// [`civil_from_days`].
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The decimal number at `range` of `b`, if every byte there is a digit.
fn digits_at(b: &[u8], range: std::ops::Range<usize>) -> Option<i64> {
    let digits = b.get(range)?;
    digits.iter().try_fold(0i64, |n, d| d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0')))
}

/// Seconds since the Unix epoch of a UTC date and time, or `None` when a
/// field is out of range (a leap second, `:60`, is let through).
fn epoch_seconds(year: i64, month: i64, day: i64, hour: i64, minute: i64, second: i64) -> Option<i64> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Whether `b` has each `(position, byte)` of `separators` (ASCII case aside).
fn has_separators(b: &[u8], separators: &[(usize, u8)]) -> bool {
    separators.iter().all(|&(at, c)| b.get(at).is_some_and(|x| x.eq_ignore_ascii_case(&c)))
}

/// Seconds since the Unix epoch of an HTTP date in the IMF-fixdate form
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), the only form RFC 9110 lets servers
/// send, e.g. in `Retry-After`.
pub(crate) fn http_date_secs(text: &str) -> Option<i64> {
    const MONTHS: [&[u8]; 12] =
        [b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec"];
    let b = text.trim().as_bytes();
    let separators = [(3, b','), (4, b' '), (7, b' '), (11, b' '), (16, b' '), (19, b':'), (22, b':')];
    if b.len() != 29 || !b.ends_with(b" GMT") || !has_separators(b, &separators) {
        return None;
    }
    let month = MONTHS.iter().position(|m| *m == &b[8..11])? as i64 + 1;
    let (day, year) = (digits_at(b, 5..7)?, digits_at(b, 12..16)?);
    let (hour, minute, second) = (digits_at(b, 17..19)?, digits_at(b, 20..22)?, digits_at(b, 23..25)?);
    epoch_seconds(year, month, day, hour, minute, second)
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM]`; a missing zone means UTC.
fn parse_millis(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if !has_separators(b, &[(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')]) {
        return None;
    }
    let (year, month, day) = (digits_at(b, 0..4)?, digits_at(b, 5..7)?, digits_at(b, 8..10)?);
    let (hour, minute, second) = (digits_at(b, 11..13)?, digits_at(b, 14..16)?, digits_at(b, 17..19)?);
    let seconds = epoch_seconds(year, month, day, hour, minute, second)?;
    let mut rest = &b[19..];
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix(b".") {
        let digits = fraction.iter().take_while(|d| d.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        for (i, d) in fraction[..digits.min(3)].iter().enumerate() {
            millis += i64::from(d - b'0') * [100, 10, 1][i];
        }
        rest = &fraction[digits..];
    }
    let offset_minutes = match rest {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let minutes = digits_at(rest, 1..3)? * 60 + digits_at(rest, 4..6)?;
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    Some((seconds - offset_minutes * 60) * 1000 + millis)
}

impl Default for Timestamp {
    fn default() -> Self {
        Self(Repr::Inline { len: 0, bytes: [0; INLINE] })
    }
}

impl From<&str> for Timestamp {
    fn from(text: &str) -> Self {
        if text.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            // `text.len() <= INLINE`, which fits in a `u8`.
            Self(Repr::Inline { len: text.len() as u8, bytes })
        } else {
            Self(Repr::Heap(text.into()))
        }
    }
}

impl From<String> for Timestamp {
    fn from(text: String) -> Self {
        if text.len() <= INLINE {
            Self::from(text.as_str())
        } else {
            Self(Repr::Heap(text.into_boxed_str()))
        }
    }
}

impl From<Timestamp> for String {
    fn from(timestamp: Timestamp) -> Self {
        match timestamp.0 {
            Repr::Heap(text) => text.into_string(),
            Repr::Inline { .. } => timestamp.as_str().to_owned(),
        }
    }
}

impl From<&Timestamp> for String {
    fn from(timestamp: &Timestamp) -> Self {
        timestamp.as_str().to_owned()
    }
}

impl std::str::FromStr for Timestamp {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(text))
    }
}

impl Deref for Timestamp {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Timestamp {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Timestamp {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Timestamp {}

impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for Timestamp {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Timestamp {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Timestamp {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TimestampVisitor)
    }
}

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an ISO 8601 date and time")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
        Ok(Timestamp::from(text))
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Timestamp, E> {
        Ok(Timestamp::from(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appwrite_format_round_trips_through_millis() {
        let text = "2020-10-15T06:38:00.000+00:00";
        let at = Timestamp::from(text);
        assert!(matches!(at.0, Repr::Inline { .. }));
        assert_eq!(at.unix_millis(), Some(1_602_743_880_000));
        assert_eq!(Timestamp::from_unix_millis(1_602_743_880_000), text);
        for millis in [0, 1, 951_782_400_000, 4_107_542_399_999, -1, -62_135_596_800_000] {
            assert_eq!(Timestamp::from_unix_millis(millis).unix_millis(), Some(millis), "{millis}");
        }
        assert_eq!(Timestamp::from_unix_millis(951_782_400_000), "2000-02-29T00:00:00.000+00:00");
        assert_eq!(Timestamp::from_unix_millis(-1), "1969-12-31T23:59:59.999+00:00");
    }

    #[test]
    fn zones_fractions_and_odd_text() {
        let utc = Timestamp::from("2024-01-02T03:04:05Z").unix_millis();
        assert_eq!(Timestamp::from("2024-01-02T05:04:05.000+02:00").unix_millis(), utc);
        assert_eq!(Timestamp::from("2024-01-01T22:04:05-05:00").unix_millis(), utc);
        assert_eq!(Timestamp::from("2024-01-02T03:04:05").unix_millis(), utc);
        assert_eq!(Timestamp::from("2024-01-02T03:04:05.123456Z").unix_millis(), utc.map(|m| m + 123));
        for odd in
            ["", "datetime", "2024-01-02", "2024-13-02T03:04:05Z", "2024-01-02T03:04:05.Z", "2024-01-02T03:04:05+0200"]
        {
            assert_eq!(Timestamp::from(odd).unix_millis(), None, "{odd}");
        }
        let long = "2024-01-02T03:04:05.123456789012+00:00 and then some";
        let kept = Timestamp::from(long);
        assert!(matches!(kept.0, Repr::Heap(_)));
        assert_eq!(kept, long);
        assert_eq!(String::from(kept), long);
        assert!(Timestamp::default().is_empty());
        assert_eq!(Timestamp::default().to_system_time(), None);
    }

    #[test]
    fn http_dates() {
        assert_eq!(http_date_secs("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(http_date_secs(" Thu, 01 Jan 1970 00:00:00 GMT "), Some(0));
        assert_eq!(http_date_secs("Tue, 29 Feb 2028 23:59:60 GMT"), Some(1_835_481_600));
        for odd in [
            "",
            "3",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:49:37 GMT",
            "Sun, 06 Nov 19x4 08:49:37 GMT",
        ] {
            assert_eq!(http_date_secs(odd), None, "{odd}");
        }
    }

    #[test]
    fn serde_keeps_the_text() {
        let at: Timestamp = serde_json::from_str(r#""2020-10-15T06:38:00.000+00:00""#).unwrap();
        assert_eq!(serde_json::to_string(&at).unwrap(), r#""2020-10-15T06:38:00.000+00:00""#);
        let escaped: Timestamp = serde_json::from_str(r#""2020\u002d10""#).unwrap();
        assert_eq!(escaped, "2020-10");
        assert!(serde_json::from_str::<Timestamp>("5").is_err());
        assert_eq!(format!("{at:?}"), r#""2020-10-15T06:38:00.000+00:00""#);
        assert_eq!(at.to_system_time(), Some(UNIX_EPOCH + Duration::from_millis(1_602_743_880_000)));
    }
}
