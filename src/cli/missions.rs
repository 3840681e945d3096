//! `passerelle missions import FILE|URL`: a partner's feed (API Engagement JSON or CSV) into
//! the missions, with a progress bar; prints what was created, updated, left as it was,
//! closed, and each refused row with its place in the file.

use std::process::ExitCode;

use clap::Subcommand;

use crate::domain::Communes;
use crate::missions::feed::Format;
use crate::missions::{self, Import};
use crate::store::Store;

/// Largest feed read (a full API Engagement export of a region is far smaller).
pub const MAX_FEED_BYTES: usize = 200 * 1024 * 1024;

#[derive(Subcommand)]
pub enum MissionsCommand {
    /// Imports missions from a file or an http(s) URL.
    Import {
        /// A file, or an http(s) URL.
        from: String,
        /// The missions' source: their ids are unique within it.
        #[arg(long, default_value = "api_engagement")]
        source: String,
        /// json (API Engagement) or csv (default: from the file name or the media type).
        #[arg(long)]
        format: Option<String>,
        /// The feed lists every mission of the source: close those it no longer lists.
        #[arg(long)]
        full: bool,
    },
}

/// Reads a feed from a file or a URL, with the format it suggests.
pub async fn fetch(from: &str) -> anyhow::Result<(Vec<u8>, Format)> {
    if from.starts_with("http://") || from.starts_with("https://") {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(120))
            .build()?;
        let resp = client.get(from).send().await?.error_for_status()?;
        let kind = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let bytes = resp.bytes().await?;
        if bytes.len() > MAX_FEED_BYTES {
            anyhow::bail!("{from}: larger than {MAX_FEED_BYTES} bytes");
        }
        let format = if kind.contains("csv") {
            Format::Csv
        } else {
            Format::guess(from)
        };
        Ok((bytes.to_vec(), format))
    } else {
        let bytes = std::fs::read(from).map_err(|e| anyhow::anyhow!("{from}: {e}"))?;
        Ok((bytes, Format::guess(from)))
    }
}

/// Runs one command.
pub async fn run(store: &dyn Store, command: MissionsCommand) -> anyhow::Result<ExitCode> {
    let MissionsCommand::Import {
        from,
        source,
        format,
        full,
    } = command;
    let (bytes, guessed) = fetch(&from).await?;
    let format = match format.as_deref() {
        None => guessed,
        Some(f) => Format::parse(f).ok_or_else(|| anyhow::anyhow!("--format {f}: json or csv"))?,
    };
    let communes = Communes::embedded()?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} missions")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message("importing");
    let mut progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let report = missions::import(
        store,
        &communes,
        &Import {
            bytes: &bytes,
            format,
            source: &source,
            full,
            now: jiff::Timestamp::now().as_second(),
        },
        &mut progress,
    )
    .await?;
    bar.finish_and_clear();
    println!(
        "{} row(s): {} created, {} updated, {} unchanged, {} closed, {} refused",
        report.received,
        report.created,
        report.updated,
        report.unchanged,
        report.closed,
        report.refused.len()
    );
    for r in &report.refused {
        println!(
            "  {} ({}): {}",
            r.place(),
            r.external_id.as_deref().unwrap_or("no id"),
            r.reason
        );
    }
    Ok(ExitCode::SUCCESS)
}
