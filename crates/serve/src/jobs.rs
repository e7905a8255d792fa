//! Ingest jobs: `POST /api/ingest` queues one and answers at once; the
//! writer runs it; `GET /api/jobs/{id}` reports its state and counts.

use serde::Serialize;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use veille_app::IngestReport;

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    Queued,
    Running,
    Done,
    Failed,
}

/// One ingest job as `GET /api/jobs/{id}` reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Job {
    pub id: String,
    pub state: JobState,
    /// Documents read.
    pub read: usize,
    /// New documents stored.
    pub inserted: usize,
    /// Documents already stored (a source was added).
    pub duplicates: usize,
    /// Inputs skipped (unreadable lines, files or records).
    pub skipped: usize,
    /// Ids of the documents read and stored, new or not.
    pub documents: Vec<String>,
    /// Why it failed.
    pub error: Option<String>,
}

/// Jobs kept in memory (the latest [`Jobs::KEEP`]).
#[derive(Default)]
pub struct Jobs {
    next: AtomicU64,
    table: Mutex<Table>,
}

#[derive(Default)]
struct Table {
    jobs: HashMap<String, Job>,
    order: VecDeque<String>,
}

impl Jobs {
    /// How many jobs are remembered; the oldest finished ones go first.
    pub const KEEP: usize = 1000;

    /// A new queued job.
    pub fn queue(&self) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let id = format!("{n}-{nanos:08x}");
        let job = Job {
            id: id.clone(),
            state: JobState::Queued,
            read: 0,
            inserted: 0,
            duplicates: 0,
            skipped: 0,
            documents: Vec::new(),
            error: None,
        };
        let mut t = self.table.lock().unwrap_or_else(|p| p.into_inner());
        while t.order.len() >= Self::KEEP {
            let done = t.order.iter().position(|id| {
                t.jobs
                    .get(id)
                    .is_none_or(|j| matches!(j.state, JobState::Done | JobState::Failed))
            });
            let Some(at) = done else { break };
            if let Some(old) = t.order.remove(at) {
                t.jobs.remove(&old);
            }
        }
        t.order.push_back(id.clone());
        t.jobs.insert(id.clone(), job);
        id
    }

    pub fn get(&self, id: &str) -> Option<Job> {
        let t = self.table.lock().unwrap_or_else(|p| p.into_inner());
        t.jobs.get(id).cloned()
    }

    fn update(&self, id: &str, f: impl FnOnce(&mut Job)) {
        let mut t = self.table.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(j) = t.jobs.get_mut(id) {
            f(j);
        }
    }

    pub fn running(&self, id: &str) {
        self.update(id, |j| j.state = JobState::Running);
    }

    pub fn done(&self, id: &str, r: &IngestReport) {
        self.update(id, |j| {
            j.state = JobState::Done;
            j.read = r.read;
            j.inserted = r.inserted;
            j.duplicates = r.duplicates;
            j.skipped = r.skipped.values().sum();
            j.documents = r.documents.clone();
        });
    }

    pub fn failed(&self, id: &str, error: String) {
        self.update(id, |j| {
            j.state = JobState::Failed;
            j.error = Some(error);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_go_from_queued_to_done_and_old_ones_are_forgotten() {
        let jobs = Jobs::default();
        let id = jobs.queue();
        assert_eq!(jobs.get(&id).map(|j| j.state), Some(JobState::Queued));
        jobs.running(&id);
        let r = IngestReport {
            read: 2,
            inserted: 1,
            duplicates: 1,
            documents: vec!["a".into(), "b".into()],
            ..Default::default()
        };
        jobs.done(&id, &r);
        let j = jobs.get(&id).unwrap();
        assert_eq!(
            (j.state, j.read, j.inserted, j.duplicates),
            (JobState::Done, 2, 1, 1)
        );
        for _ in 0..Jobs::KEEP {
            let k = jobs.queue();
            jobs.failed(&k, "x".into());
        }
        assert!(
            jobs.get(&id).is_none(),
            "the oldest finished job is forgotten"
        );
        assert!(jobs.get("nope").is_none());
    }
}
