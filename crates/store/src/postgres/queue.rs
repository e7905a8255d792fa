//! Units of work, the inventory, ingest runs and the fetch queue.

use super::{col, count, limit, no_nul, PgStore};
use crate::{
    IngestRun, Inventory, QueueCounts, QueueItem, QueueOutcome, Result, StoreError, QUEUE_ATTEMPTS,
};

impl PgStore {
    pub(super) fn begin_unit(&mut self) -> Result<()> {
        if self.in_unit.get() {
            return Err(StoreError::Backend(
                "a unit of work is already begun on this connection".into(),
            ));
        }
        self.batch("BEGIN")?;
        self.in_unit.set(true);
        Ok(())
    }

    pub(super) fn commit_unit(&mut self) -> Result<()> {
        if self.unit_lost.get() {
            self.unit_lost.set(false);
            self.in_unit.set(false);
            return Err(StoreError::Backend(
                "the connection to the server was lost during the unit of work: nothing of it was committed"
                    .into(),
            ));
        }
        if !self.in_unit.get() {
            return Err(StoreError::Backend("commit without a unit of work".into()));
        }
        // While the unit is open, a lost connection is an error here (not
        // a new connection with nothing to commit). Committed or not (the
        // server rolls back a failed COMMIT), the unit is over.
        let out = self.batch("COMMIT");
        self.in_unit.set(false);
        self.unit_lost.set(false);
        out
    }

    pub(super) fn rollback_unit(&mut self) -> Result<()> {
        if self.unit_lost.get() {
            // The server rolled it back when the connection went.
            self.unit_lost.set(false);
            self.in_unit.set(false);
            return Ok(());
        }
        if !self.in_unit.get() {
            return Ok(());
        }
        self.in_unit.set(false);
        self.batch("ROLLBACK")
    }

    pub(super) fn count_all(&self) -> Result<Inventory> {
        let r = self.query_one(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sources),
                (SELECT count(*) FROM entities), (SELECT count(DISTINCT entity_id) FROM entities),
                (SELECT count(*) FROM quotes), (SELECT count(*) FROM times),
                (SELECT count(*) FROM events), (SELECT count(*) FROM copies),
                (SELECT count(*) FROM stories), pg_database_size(current_database())",
            &[],
        )?;
        let n = |i: usize| -> Result<u64> { Ok(count(col(&r, i)?)) };
        Ok(Inventory {
            documents: n(0)?,
            sources: n(1)?,
            entities: n(2)?,
            actors: n(3)?,
            quotes: n(4)?,
            times: n(5)?,
            events: n(6)?,
            copies: n(7)?,
            stories: n(8)?,
            queue: self.count_queue()?,
            bytes: n(9)?,
        })
    }

    pub(super) fn add_run(&mut self, run: &IngestRun) -> Result<()> {
        let data = serde_json::to_string(run).map_err(|e| StoreError::Backend(e.to_string()))?;
        self.write("INSERT INTO ingest_runs (data) VALUES ($1)", &[&data])?;
        Ok(())
    }

    pub(super) fn latest_runs(&self, limit_n: usize) -> Result<Vec<IngestRun>> {
        self.query(
            "SELECT data FROM ingest_runs ORDER BY id DESC LIMIT $1",
            &[&limit(limit_n)],
        )?
        .iter()
        .map(|r| {
            let data: String = col(r, 0)?;
            serde_json::from_str(&data).map_err(|e| StoreError::Corrupt {
                id: "ingest run".into(),
                reason: e.to_string(),
            })
        })
        .collect()
    }

    pub(super) fn add_to_queue(&mut self, items: &[QueueItem]) -> Result<usize> {
        self.transaction(|s| {
            let mut added = 0;
            for it in items {
                added += s.execute(
                    "INSERT INTO queue (key, feed, data) VALUES ($1, $2, $3)
                     ON CONFLICT (key) DO NOTHING",
                    &[&no_nul(&it.key), &no_nul(&it.feed), &no_nul(&it.data)],
                )?;
            }
            Ok(usize::try_from(added).unwrap_or(usize::MAX))
        })
    }

    /// Claims with `FOR UPDATE SKIP LOCKED`: concurrent workers each lock
    /// the rows they pick and pass over the ones another holds, so no item
    /// is claimed twice and no worker waits for another.
    pub(super) fn claim_items(
        &mut self,
        worker: &str,
        n: usize,
        now: i64,
        lease: i64,
    ) -> Result<Vec<QueueItem>> {
        let mut rows = self
            .transaction(|s| {
                s.query(
                    "UPDATE queue SET state = 'claimed', worker = $1, claimed_at = $2
                 WHERE seq IN (SELECT seq FROM queue
                     WHERE (state = 'pending' AND due <= $2)
                        OR (state = 'claimed' AND claimed_at <= $2 - $3)
                     ORDER BY seq LIMIT $4
                     FOR UPDATE SKIP LOCKED)
                 RETURNING seq, key, feed, data, attempts",
                    &[&no_nul(worker), &now, &lease, &limit(n)],
                )
            })?
            .iter()
            .map(|r| {
                Ok((
                    col::<i64>(r, 0)?,
                    QueueItem {
                        key: col(r, 1)?,
                        feed: col(r, 2)?,
                        data: col(r, 3)?,
                        attempts: u32::try_from(col::<i64>(r, 4)?).unwrap_or(u32::MAX),
                    },
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        rows.sort_by_key(|r| r.0);
        Ok(rows.into_iter().map(|r| r.1).collect())
    }

    pub(super) fn settle_item(&mut self, key: &str, outcome: QueueOutcome, now: i64) -> Result<()> {
        let key = no_nul(key);
        match outcome {
            QueueOutcome::Done => self.write(
                "UPDATE queue SET state = 'done', worker = NULL WHERE key = $1",
                &[&key],
            ),
            QueueOutcome::Failed => self.write(
                "UPDATE queue SET attempts = attempts + 1, worker = NULL,
                     state = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE 'pending' END,
                     due = $2 + 60 * (attempts + 1)
                 WHERE key = $1",
                &[&key, &now, &i64::from(QUEUE_ATTEMPTS)],
            ),
        }?;
        Ok(())
    }

    pub(super) fn count_queue(&self) -> Result<QueueCounts> {
        let mut c = QueueCounts::default();
        for r in self.query("SELECT state, count(*) FROM queue GROUP BY state", &[])? {
            let (state, n): (String, i64) = (col(&r, 0)?, col(&r, 1)?);
            let slot = match state.as_str() {
                "pending" => &mut c.pending,
                "claimed" => &mut c.claimed,
                "done" => &mut c.done,
                _ => &mut c.failed,
            };
            *slot = count(n);
        }
        Ok(c)
    }
}
