//! `kilde timeline QUERY...`: articles per month matching each query, side by side.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use kilde_query::{Archive, Granularity, Timeline, TimelineRequest};

use crate::exit::{ExitStatus, QueryText};
use crate::output::Ui;
use kilde_serve::wire::TimelineResponse;

/// Articles per month (or year) matching each query: a sparkline table on a terminal,
/// JSON or CSV for charts.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kilde timeline klima 'person:\"Mette Frederiksen\"'
  kilde timeline valg --by year --from 2017 --to 2021
  kilde timeline '\"russiske hackere\"' cyberangreb --normalize --csv > tidslinje.csv")]
pub struct Args {
    /// One or more queries (words, "phrases", person:…, any query)
    #[arg(required = true, value_name = "QUERY")]
    queries: Vec<String>,
    /// Bucket width: month or year
    #[arg(long, default_value = "month", value_parser = parse_by)]
    by: Granularity,
    /// First bucket (YYYY, YYYY-MM or YYYY-MM-DD); the archive's first date otherwise
    #[arg(long)]
    from: Option<String>,
    /// Last bucket; the archive's last date otherwise
    #[arg(long)]
    to: Option<String>,
    /// Share of all articles in each bucket instead of counts
    #[arg(long)]
    normalize: bool,
    /// Print JSON on stdout
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV (bucket, then one column per query) on stdout
    #[arg(long)]
    csv: bool,
}

fn parse_by(text: &str) -> Result<Granularity, String> {
    match text {
        "month" | "måned" => Ok(Granularity::Month),
        "year" | "år" => Ok(Granularity::Year),
        other => Err(format!("`{other}` is not a bucket width; use month or year")),
    }
}

/// Most queries in one timeline.
const MAX_QUERIES: usize = 20;

/// Counts and prints the timeline.
pub fn run(args: Args, index: &Path, ui: &Ui) -> Result<ExitStatus> {
    let archive = Archive::open(index)?;
    let mut queries = args.queries;
    queries.truncate(MAX_QUERIES);
    let request = TimelineRequest {
        queries,
        by: args.by,
        from: args.from,
        to: args.to,
        normalize: args.normalize,
    };
    let timeline = archive.timeline(&request).map_err(|e| {
        let context = QueryText(request.queries.join(" | "));
        anyhow::Error::new(e).context(context)
    })?;
    if args.json {
        super::print_json(&TimelineResponse::from_timeline(timeline, args.normalize))?;
    } else if args.csv {
        print_csv(&timeline)?;
    } else {
        print_table(&timeline, args.normalize, ui)?;
    }
    Ok(ExitStatus::Success)
}

fn print_csv(timeline: &Timeline) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let header: Vec<String> = timeline.series.iter().map(|s| csv_field(&s.query)).collect();
    writeln!(out, "bucket,{}", header.join(","))?;
    for (i, bucket) in timeline.buckets.iter().enumerate() {
        let row: Vec<String> = timeline
            .series
            .iter()
            .map(|s| format_count(s.counts.get(i).copied().unwrap_or(0.0)))
            .collect();
        writeln!(out, "{bucket},{}", row.join(","))?;
    }
    Ok(())
}

/// Quotes a CSV field when it holds a comma, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn format_count(value: f64) -> String {
    if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.4}") }
}

/// One line per query: a sparkline over the buckets, the total and the peak bucket.
fn print_table(timeline: &Timeline, normalize: bool, ui: &Ui) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let (Some(first), Some(last)) = (timeline.buckets.first(), timeline.buckets.last()) else {
        ui.info("kilde: no dated articles in that span");
        return Ok(());
    };
    writeln!(out, "{first} … {last} ({} buckets)", timeline.buckets.len())?;
    let width = timeline.series.iter().map(|s| s.query.chars().count()).max().unwrap_or(0);
    for series in &timeline.series {
        let peak = series.counts.iter().copied().fold(0.0, f64::max);
        let peak_at = series.counts.iter().position(|c| *c == peak && peak > 0.0);
        let peak_bucket = peak_at.and_then(|i| timeline.buckets.get(i)).map_or("-", String::as_str);
        let summary = if normalize {
            format!("peak {:.1} % in {peak_bucket}", peak * 100.0)
        } else {
            format!(
                "{} articles, peak {} in {peak_bucket}",
                series.counts.iter().sum::<f64>(),
                peak
            )
        };
        writeln!(out, "{:<width$}  {}  {summary}", series.query, sparkline(&series.counts))?;
    }
    Ok(())
}

/// Block characters scaled to the series' own peak; an empty bucket is a space.
fn sparkline(counts: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let peak = counts.iter().copied().fold(0.0, f64::max);
    counts
        .iter()
        .map(|c| {
            if *c <= 0.0 || peak <= 0.0 {
                ' '
            } else {
                let level = ((c / peak) * (BARS.len() - 1) as f64).round() as usize;
                BARS.get(level).copied().unwrap_or('█')
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_scales_to_the_peak_and_leaves_gaps_empty() {
        assert_eq!(sparkline(&[0.0, 1.0, 4.0, 2.0]), " ▃█▅");
        assert_eq!(sparkline(&[]), "");
    }

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("klima"), "klima");
        assert_eq!(csv_field("\"russiske hackere\""), "\"\"\"russiske hackere\"\"\"");
        assert_eq!(format_count(3.0), "3");
        assert_eq!(format_count(0.25), "0.2500");
    }
}
