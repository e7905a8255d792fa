//! Polite HTTP(S) fetching for feeds and the articles they link: one
//! identifying User-Agent, robots.txt obeyed (fetched once per host, its
//! Crawl-delay honoured), at most one request per host every `delay`,
//! conditional requests (ETag / Last-Modified), timeouts, bounded retries
//! with backoff on network errors, 429 and 5xx (Retry-After honoured), and a
//! size cap on bodies.

use std::collections::HashMap;
use std::io::Read;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub user_agent: String,
    /// Smallest gap between two requests to the same host.
    pub delay: Duration,
    /// Connect and read timeout of one request.
    pub timeout: Duration,
    /// Further attempts after a network error, 429 or 5xx.
    pub retries: u32,
    /// Largest body read, in bytes.
    pub max_bytes: u64,
    pub obey_robots: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            user_agent: format!(
                "veille/{} (news-intelligence engine)",
                env!("CARGO_PKG_VERSION")
            ),
            delay: Duration::from_secs(1),
            timeout: Duration::from_secs(20),
            retries: 2,
            max_bytes: 32 * 1024 * 1024,
            obey_robots: true,
        }
    }
}

/// Cache validators of a fetched resource, sent back on the next request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    Body {
        bytes: Vec<u8>,
        /// The URL after redirects.
        url: String,
        content_type: Option<String>,
        charset: Option<String>,
        validators: Validators,
    },
    /// 304: unchanged since the validators were issued.
    NotModified,
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: not an http(s) URL")]
    BadUrl { url: String },
    #[error("{url}: disallowed by {host}/robots.txt")]
    Robots { url: String, host: String },
    #[error("{url}: HTTP {status}")]
    Status { url: String, status: u16 },
    #[error("{url}: {msg} (after {attempts} attempt(s))")]
    Network {
        url: String,
        msg: String,
        attempts: u32,
    },
    #[error("{url}: body larger than {limit} bytes, not read")]
    TooLarge { url: String, limit: u64 },
}

/// Per-host state: when it was last asked, and its robots rules.
#[derive(Default)]
struct Host {
    last: Option<Instant>,
    robots: Option<Robots>,
}

enum Robots {
    Rules(Box<texting_robots::Robot>),
    AllowAll,
    /// robots.txt could not be fetched (5xx, network): nothing is fetched
    /// from the host, as RFC 9309 asks.
    DisallowAll,
}

pub struct Fetcher {
    agent: ureq::Agent,
    opts: FetchOptions,
    hosts: HashMap<String, Host>,
}

fn host_key(u: &url::Url) -> Option<String> {
    let host = u.host_str()?;
    Some(match u.port() {
        Some(p) => format!("{}://{host}:{p}", u.scheme()),
        None => format!("{}://{host}", u.scheme()),
    })
}

impl Fetcher {
    pub fn new(opts: FetchOptions) -> Fetcher {
        let agent = ureq::AgentBuilder::new()
            .user_agent(&opts.user_agent)
            .timeout_connect(opts.timeout)
            .timeout_read(opts.timeout)
            .redirects(5)
            .build();
        Fetcher {
            agent,
            opts,
            hosts: HashMap::new(),
        }
    }

    /// GETs `url`, politely; `validators` make the request conditional.
    pub fn get(
        &mut self,
        url: &str,
        validators: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        let parsed = url::Url::parse(url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .ok_or_else(|| FetchError::BadUrl { url: url.into() })?;
        let host = host_key(&parsed).ok_or_else(|| FetchError::BadUrl { url: url.into() })?;
        if self.opts.obey_robots && !self.allowed(&host, url) {
            return Err(FetchError::Robots {
                url: url.into(),
                host,
            });
        }
        self.request(&host, url, validators)
    }

    fn allowed(&mut self, host: &str, url: &str) -> bool {
        if self.hosts.get(host).is_none_or(|h| h.robots.is_none()) {
            let robots_url = format!("{host}/robots.txt");
            let rules = match self.request(host, &robots_url, None) {
                Ok(Fetched::Body { bytes, .. }) => {
                    match texting_robots::Robot::new(&self.opts.user_agent, &bytes) {
                        Ok(r) => Robots::Rules(Box::new(r)),
                        Err(_) => Robots::AllowAll,
                    }
                }
                Ok(Fetched::NotModified) => Robots::AllowAll,
                Err(FetchError::Status { status, .. }) if (400..500).contains(&status) => {
                    Robots::AllowAll
                }
                Err(_) => Robots::DisallowAll,
            };
            self.hosts.entry(host.to_string()).or_default().robots = Some(rules);
        }
        match self.hosts.get(host).and_then(|h| h.robots.as_ref()) {
            Some(Robots::Rules(r)) => r.allowed(url),
            Some(Robots::AllowAll) => true,
            _ => false,
        }
    }

    /// Waits for the host's turn (the larger of our delay and its Crawl-delay).
    fn wait_turn(&mut self, host: &str) {
        let h = self.hosts.entry(host.to_string()).or_default();
        let crawl = match &h.robots {
            Some(Robots::Rules(r)) => r
                .delay
                .map(|d| Duration::from_secs_f32(d.clamp(0.0, 60.0)))
                .unwrap_or_default(),
            _ => Duration::ZERO,
        };
        let gap = self.opts.delay.max(crawl);
        if let Some(last) = h.last {
            let since = last.elapsed();
            if since < gap {
                std::thread::sleep(gap - since);
            }
        }
        h.last = Some(Instant::now());
    }

    fn request(
        &mut self,
        host: &str,
        url: &str,
        validators: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.wait_turn(host);
            let mut req = self.agent.get(url);
            if let Some(v) = validators {
                if let Some(e) = &v.etag {
                    req = req.set("If-None-Match", e);
                }
                if let Some(m) = &v.last_modified {
                    req = req.set("If-Modified-Since", m);
                }
            }
            let retry_after = match req.call() {
                Ok(resp) if resp.status() == 304 => return Ok(Fetched::NotModified),
                Ok(resp) => return self.body(url, resp),
                Err(ureq::Error::Status(status, resp)) => {
                    let retryable = status == 429 || status >= 500;
                    if !retryable || attempt > self.opts.retries {
                        return Err(FetchError::Status {
                            url: url.into(),
                            status,
                        });
                    }
                    resp.header("Retry-After")
                        .and_then(|s| s.trim().parse::<u64>().ok())
                        .map(|s| Duration::from_secs(s.min(60)))
                }
                Err(e) => {
                    if attempt > self.opts.retries {
                        return Err(FetchError::Network {
                            url: url.into(),
                            msg: e.to_string(),
                            attempts: attempt,
                        });
                    }
                    None
                }
            };
            // Exponential backoff from the per-host delay, or what the server asked.
            let backoff = retry_after.unwrap_or(self.opts.delay * 2u32.pow(attempt - 1));
            std::thread::sleep(backoff.min(Duration::from_secs(60)));
        }
    }

    fn body(&self, url: &str, resp: ureq::Response) -> Result<Fetched, FetchError> {
        let validators = Validators {
            etag: resp.header("ETag").map(str::to_string),
            last_modified: resp.header("Last-Modified").map(str::to_string),
        };
        let final_url = resp.get_url().to_string();
        let content_type = resp
            .header("Content-Type")
            .map(|_| resp.content_type().to_string());
        let charset = resp
            .header("Content-Type")
            .filter(|c| c.to_lowercase().contains("charset="))
            .map(|_| resp.charset().to_string());
        if let Some(len) = resp
            .header("Content-Length")
            .and_then(|l| l.trim().parse::<u64>().ok())
        {
            if len > self.opts.max_bytes {
                return Err(FetchError::TooLarge {
                    url: url.into(),
                    limit: self.opts.max_bytes,
                });
            }
        }
        let mut bytes = Vec::new();
        resp.into_reader()
            .take(self.opts.max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| FetchError::Network {
                url: url.into(),
                msg: format!("reading the body: {e}"),
                attempts: 1,
            })?;
        if bytes.len() as u64 > self.opts.max_bytes {
            return Err(FetchError::TooLarge {
                url: url.into(),
                limit: self.opts.max_bytes,
            });
        }
        Ok(Fetched::Body {
            bytes,
            url: final_url,
            content_type,
            charset,
            validators,
        })
    }
}
