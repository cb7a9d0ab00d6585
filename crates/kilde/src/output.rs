//! How kilde talks to people: stdout carries only data, everything else goes to
//! stderr; colour only on terminals and never with `NO_COLOR`; logging set up once.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The output settings of one run.
pub struct Ui {
    is_quiet: bool,
    has_progress: bool,
    has_colour_stdout: bool,
    has_colour_stderr: bool,
}

impl Ui {
    /// Output settings from the global flags and the terminal.
    pub fn new(is_quiet: bool, no_progress: bool, color: ColorChoice) -> Ui {
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let colour = |is_terminal: bool| match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && !no_color_env,
        };
        Ui {
            is_quiet,
            has_progress: !is_quiet && !no_progress && std::io::stderr().is_terminal(),
            has_colour_stdout: colour(std::io::stdout().is_terminal()),
            has_colour_stderr: colour(std::io::stderr().is_terminal()),
        }
    }

    /// Whether data on stdout may carry ANSI colour.
    pub fn colour_stdout(&self) -> bool {
        self.has_colour_stdout
    }

    /// `kilde: error: …` on stderr, always shown.
    pub fn error(&self, message: &str) {
        let label = if self.has_colour_stderr { "\u{1b}[1;31merror\u{1b}[0m" } else { "error" };
        eprintln!("kilde: {label}: {message}");
    }

    /// A line for people on stderr (causes, hints), always shown.
    pub fn note(&self, message: &str) {
        eprintln!("{message}");
    }

    /// Information on stderr, hidden with `-q`.
    pub fn info(&self, message: &str) {
        if !self.is_quiet {
            eprintln!("{message}");
        }
    }

    /// A progress bar over `total_bytes` on a terminal, else a hidden one.
    pub fn progress_bar(&self, total_bytes: u64) -> ProgressBar {
        if !self.has_progress {
            return ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::hidden());
        }
        let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar
    }

    /// Whether a progress bar is drawn (else plain periodic lines are printed).
    pub fn has_progress(&self) -> bool {
        self.has_progress
    }

    /// Whether informational lines are printed.
    pub fn is_quiet(&self) -> bool {
        self.is_quiet
    }
}

/// Sets up tracing on stderr: `warn` by default, `-v` info, `-vv` debug; `RUST_LOG` wins.
pub fn init_logging(verbose: u8, is_quiet: bool) {
    let default = match (is_quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "kilde=info,warn",
        (false, _) => "kilde=debug,info",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
