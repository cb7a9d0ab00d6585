//! Errors of the shared vocabulary.

/// Why a string is not an article date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text is not `YYYY-MM` or `YYYY-MM-DD`.
    #[error("`{text}` is not a date of the form YYYY-MM or YYYY-MM-DD")]
    Format {
        /// The text as given.
        text: String,
    },
    /// The month is not 1 to 12.
    #[error("`{text}` has month {month}, which is not 1 to 12")]
    Month {
        /// The text as given.
        text: String,
        /// The month as read.
        month: u32,
    },
    /// The day does not exist in that month.
    #[error("`{text}` has day {day}, which {year}-{month:02} does not have")]
    Day {
        /// The text as given.
        text: String,
        /// The year as read.
        year: u32,
        /// The month as read.
        month: u32,
        /// The day as read.
        day: u32,
    },
}
