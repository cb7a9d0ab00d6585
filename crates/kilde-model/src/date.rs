//! [`ArticleDate`]: a publication date known to the month or to the day.

use std::fmt;
use std::str::FromStr;

use crate::DateError;

/// A publication date at month precision (`2019-07`, as in the seed format)
/// or day precision (`2019-07-15`).
///
/// The precision is kept, because later stages resolve `i går` only against a
/// full day, and a month-precision article must not pretend to know its day.
/// Ordering is by year, month, then day, with a month-only date before any day
/// of that month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleDate {
    year: u16,
    month: u8,
    day: Option<u8>,
}

impl ArticleDate {
    /// A month-precision date; `None` unless `month` is 1 to 12 and `year` has four digits.
    pub fn month(year: u16, month: u8) -> Option<Self> {
        ((1000..=9999).contains(&year) && (1..=12).contains(&month)).then_some(Self {
            year,
            month,
            day: None,
        })
    }

    /// A day-precision date; `None` unless the day exists in that month.
    pub fn day(year: u16, month: u8, day: u8) -> Option<Self> {
        let month_date = Self::month(year, month)?;
        (day >= 1 && day <= days_in_month(year, month))
            .then_some(Self { day: Some(day), ..month_date })
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month_of_year(&self) -> u8 {
        self.month
    }

    /// The day of the month, when known.
    pub fn day_of_month(&self) -> Option<u8> {
        self.day
    }

    /// The first day this date may stand for: the day itself, or the 1st of the month.
    pub fn first_day(&self) -> (u16, u8, u8) {
        (self.year, self.month, self.day.unwrap_or(1))
    }

    /// The last day this date may stand for: the day itself, or the last of the month.
    pub fn last_day(&self) -> (u16, u8, u8) {
        (self.year, self.month, self.day.unwrap_or_else(|| days_in_month(self.year, self.month)))
    }
}

/// Days in `month` of `year`, by the Gregorian calendar.
pub(crate) fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for ArticleDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)?;
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl FromStr for ArticleDate {
    type Err = DateError;

    /// Parses `YYYY-MM` or `YYYY-MM-DD`; anything else, or a month or day
    /// that does not exist (`2019-13`, `2019-02-30`), is an error.
    fn from_str(text: &str) -> Result<Self, DateError> {
        let format_error = || DateError::Format { text: text.to_string() };
        let parts: Vec<&str> = text.trim().split('-').collect();
        let number = |part: &str, digits: usize| -> Result<u32, DateError> {
            if part.len() != digits || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format_error());
            }
            part.parse().map_err(|_| format_error())
        };
        let (year, month, day) = match parts.as_slice() {
            [y, m] => (number(y, 4)?, number(m, 2)?, None),
            [y, m, d] => (number(y, 4)?, number(m, 2)?, Some(number(d, 2)?)),
            _ => return Err(format_error()),
        };
        let month_date = u8::try_from(month)
            .ok()
            .and_then(|m| Self::month(year as u16, m))
            .ok_or_else(|| DateError::Month { text: text.to_string(), month })?;
        match day {
            None => Ok(month_date),
            Some(day) => u8::try_from(day)
                .ok()
                .and_then(|d| Self::day(year as u16, month as u8, d))
                .ok_or_else(|| DateError::Day { text: text.to_string(), year, month, day }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Result<&str, ()>) {
        let parsed = text.parse::<ArticleDate>().map(|d| d.to_string()).map_err(|_| ());
        assert_eq!(parsed.as_deref().map_err(|_| ()), expected, "{text}");
    }

    #[test]
    fn parses_month_and_day_precision() {
        check("2019-07", Ok("2019-07"));
        check("2019-07-15", Ok("2019-07-15"));
        check(" 2020-02-29 ", Ok("2020-02-29"));
    }

    #[test]
    fn rejects_impossible_dates() {
        check("2019-13", Err(()));
        check("2019-00", Err(()));
        check("2019-02-29", Err(()));
        check("2019-04-31", Err(()));
        check("19-07", Err(()));
        check("2019/07", Err(()));
        check("2019-7", Err(()));
        check("", Err(()));
    }

    #[test]
    fn month_error_names_the_month() {
        let error = "2019-13".parse::<ArticleDate>().unwrap_err();
        assert_eq!(error.to_string(), "`2019-13` has month 13, which is not 1 to 12");
    }

    #[test]
    fn month_date_spans_the_whole_month() {
        let date: ArticleDate = "2020-02".parse().unwrap();
        assert_eq!(date.first_day(), (2020, 2, 1));
        assert_eq!(date.last_day(), (2020, 2, 29));
    }
}
