//! Databases of their own for tests on PostgreSQL, on the server named by
//! `VEILLE_TEST_PG` (a role that may create databases; `bash
//! tests/pg/run.sh cargo test -p veille-cli --test cli on_postgres` starts
//! one), made with `psql` and dropped afterwards.

use std::process::Command;

/// Fresh databases, dropped with this.
pub struct PgDbs {
    url: String,
    names: Vec<String>,
}

fn psql(url: &str, sql: &str) {
    let out = Command::new("psql")
        .args([url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
        .output()
        .expect("psql runs");
    assert!(
        out.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl PgDbs {
    /// `n` new databases for `test`, or None (said) without a server.
    pub fn new(test: &str, n: usize) -> Option<PgDbs> {
        let url = match std::env::var("VEILLE_TEST_PG") {
            Ok(u) if !u.trim().is_empty() => u.trim().to_string(),
            _ => {
                println!("{test}: skipped (VEILLE_TEST_PG is not set)");
                return None;
            }
        };
        let pid = std::process::id();
        let names: Vec<String> = (0..n).map(|i| format!("veille_{test}_{pid}_{i}")).collect();
        for name in &names {
            psql(
                &url,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            );
            psql(&url, &format!("CREATE DATABASE {name}"));
        }
        Some(PgDbs { url, names })
    }

    /// The locator of database `i`.
    pub fn locator(&self, i: usize) -> String {
        let (scheme, rest) = self.url.split_once("://").expect("a postgres:// URL");
        let host = rest.split(['/', '?']).next().unwrap_or(rest);
        format!("{scheme}://{host}/{}", self.names[i])
    }
}

impl Drop for PgDbs {
    fn drop(&mut self) {
        for name in &self.names {
            psql(
                &self.url,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            );
        }
    }
}
