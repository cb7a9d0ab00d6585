//! Query-string parameters, read by hand so every bad value gets the API's own JSON
//! error (422 invalid, 413 too long) naming the parameter, and so a parameter may
//! repeat (`/api/timeline?q=klima&q=valg`), which serde's URL decoding cannot express.

use std::str::FromStr;

use crate::error::ApiError;

/// Longest accepted value of any parameter, in chars (a query, a name, a date).
pub const MAX_PARAM_CHARS: usize = 2_000;
/// Largest page of results one request may ask for.
pub const MAX_PAGE: usize = 1_000;

/// The decoded parameters of one request, in order.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Decodes a raw query string (`None` = no parameters), refusing oversized values.
    pub fn parse(raw: Option<&str>) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if let Some((name, _)) = pairs.iter().find(|(_, v)| v.chars().count() > MAX_PARAM_CHARS) {
            return Err(ApiError::TooLarge { name: name.clone(), limit: MAX_PARAM_CHARS });
        }
        Ok(Params { pairs })
    }

    /// The last non-empty value of `name`.
    pub fn text(&self, name: &str) -> Option<String> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
    }

    /// Every non-empty value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A required text parameter.
    pub fn required(&self, name: &str) -> Result<String, ApiError> {
        self.text(name).ok_or_else(|| ApiError::invalid(name, "is required"))
    }

    /// A number, `default` when absent, refused outside `0..=max`.
    pub fn number<T>(&self, name: &str, default: T, max: T) -> Result<T, ApiError>
    where
        T: FromStr + PartialOrd + Copy + std::fmt::Display,
    {
        let Some(text) = self.text(name) else { return Ok(default) };
        let value: T = text
            .trim()
            .parse()
            .map_err(|_| ApiError::invalid(name, format!("`{text}` is not a whole number")))?;
        if value > max {
            return Err(ApiError::invalid(name, format!("{value} is more than the maximum {max}")));
        }
        Ok(value)
    }

    /// A flag: `true`, `1`, `yes` or `on` (or present without a value) is true.
    pub fn flag(&self, name: &str) -> Result<bool, ApiError> {
        let Some((_, value)) = self.pairs.iter().rev().find(|(k, _)| k == name) else {
            return Ok(false);
        };
        match value.trim() {
            "" | "true" | "1" | "yes" | "on" => Ok(true),
            "false" | "0" | "no" | "off" => Ok(false),
            other => Err(ApiError::invalid(name, format!("`{other}` is not true or false"))),
        }
    }

    /// One of `choices`, `default` when absent.
    pub fn choice<'a>(
        &self,
        name: &str,
        choices: &[&'a str],
        default: &'a str,
    ) -> Result<&'a str, ApiError> {
        let Some(text) = self.text(name) else { return Ok(default) };
        choices.iter().copied().find(|c| *c == text.trim()).ok_or_else(|| {
            ApiError::invalid(name, format!("`{text}` is not one of {}", choices.join(", ")))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_and_encoded_values_are_kept() {
        let params = Params::parse(Some("q=klima&q=%22russiske+hackere%22&limit=5")).ok();
        let params = params.unwrap_or_default();
        assert_eq!(params.all("q"), ["klima", "\"russiske hackere\""]);
        assert_eq!(params.number("limit", 10usize, MAX_PAGE).ok(), Some(5));
        assert_eq!(params.number("offset", 0usize, 100).ok(), Some(0));
    }

    #[test]
    fn bad_values_name_the_parameter() {
        let params = Params::parse(Some("limit=ti&sort=tilfældig&n=5000")).unwrap_or_default();
        let error = params.number("limit", 10usize, MAX_PAGE).err().map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some("parameter `limit`: `ti` is not a whole number"));
        assert!(params.choice("sort", &["score", "date"], "score").is_err());
        assert!(params.number("n", 1usize, MAX_PAGE).is_err());
        let long = format!("q={}", "a".repeat(MAX_PARAM_CHARS + 1));
        assert!(matches!(Params::parse(Some(&long)), Err(ApiError::TooLarge { .. })));
    }
}
