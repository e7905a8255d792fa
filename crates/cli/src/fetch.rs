//! The polite fetcher's settings (`veille ingest --feeds`).

use clap::Args;
use std::time::Duration;
use veille_ingest::fetch::FetchOptions;

#[derive(Args, Debug, Clone)]
pub struct FetchArgs {
    /// Smallest gap between two requests to the same host, in milliseconds
    /// (a host's robots.txt Crawl-delay, if longer, wins).
    #[arg(long, default_value_t = 1000)]
    pub delay_ms: u64,
    /// Timeout of one request (connect, then each read), in seconds.
    #[arg(long, default_value_t = 20)]
    pub timeout: u64,
    /// Further attempts after a network error, HTTP 429 or 5xx.
    #[arg(long, default_value_t = 2)]
    pub retries: u32,
    /// User-Agent sent with every request (and matched against robots.txt).
    #[arg(long)]
    pub user_agent: Option<String>,
}

impl FetchArgs {
    pub fn options(&self, max_bytes: u64) -> FetchOptions {
        let mut o = FetchOptions {
            delay: Duration::from_millis(self.delay_ms),
            timeout: Duration::from_secs(self.timeout.max(1)),
            retries: self.retries,
            max_bytes,
            ..Default::default()
        };
        if let Some(ua) = &self.user_agent {
            o.user_agent = ua.clone();
        }
        o
    }
}
