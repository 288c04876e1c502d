//! Sessions and history queries: which runs of flatlab used this workspace
//! (start, clean end or crash, process, host, version), and the history
//! records a `history` filter selects.
//!
//! A session's record is written inside the transaction of its first
//! commit, so starting flatlab costs no extra fsync and a session that
//! changed nothing leaves no record. A clean exit stamps `ended`; a session
//! left without it whose process is gone ended in a crash (or a kill).

use super::log::{self, LOG};
use super::{cas, decode_record, guarded, Store, StoreError, FORMAT_VERSION};
use crate::history::query::Filter;
use crate::history::{now_ms, HistoryRecord, SessionRecord};
use redb::{ReadableDatabase, ReadableTable, TableDefinition};

/// Session id -> checksummed rmp-serde `SessionRecord`.
pub(super) const SESSIONS: TableDefinition<&str, &[u8]> = TableDefinition::new("sessions");

/// How a session ended, as `history --sessions` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    Running,
    Clean,
    /// No clean end was recorded and its process is gone.
    Crashed,
}

impl Store {
    /// Makes `s` this process's session: its record is written with the
    /// next commit.
    pub fn start_session(&mut self, s: SessionRecord) {
        self.session = Some((s, false));
    }

    /// This process's session id, once `start_session` was called.
    pub fn session_id(&self) -> Option<&str> {
        self.session.as_ref().map(|(s, _)| s.id.as_str())
    }

    /// Stamps a clean end on this process's session, if it was recorded.
    /// With no deferred commit waiting, the stamp is not fsynced on its
    /// own: closing the database (`close`, or dropping the store), which
    /// follows, makes it durable with its own final commit; a crash in
    /// between shows the session as crashed, and loses nothing else. With
    /// deferred commits waiting, it is a durable commit that persists them.
    pub fn end_session(&mut self) -> Result<(), StoreError> {
        let Some((s, true)) = self.session.as_mut() else {
            return Ok(());
        };
        s.ended = Some(now_ms());
        let rec = s.clone();
        let durable = self.unsynced > 0;
        guarded(&self.path, || {
            let txn = self.begin_with(durable)?;
            self.put_session(&txn, &rec)?;
            txn.commit().map_err(|e| self.err(e))
        })?;
        self.unsynced = 0;
        Ok(())
    }

    /// Every recorded session, oldest first, with how it ended.
    pub fn sessions(&self) -> Result<Vec<(SessionRecord, SessionEnd)>, StoreError> {
        guarded(&self.path, || {
            let txn = self.db()?.begin_read().map_err(|e| self.err(e))?;
            let table = match txn.open_table(SESSIONS) {
                Ok(t) => t,
                Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
                Err(e) => return Err(self.err(e)),
            };
            let mut out = Vec::new();
            for item in table.iter().map_err(|e| self.err(e))? {
                let (_, v) = item.map_err(|e| self.err(e))?;
                let payload = cas::unwrap(v.value()).ok_or_else(|| {
                    StoreError::corrupt(&self.path, "a session record is damaged")
                })?;
                let s: SessionRecord = rmp_serde::from_slice(payload).map_err(|e| {
                    StoreError::corrupt(&self.path, format!("bad session record ({e})"))
                })?;
                let end = self.session_end(&s);
                out.push((s, end));
            }
            out.sort_by_key(|(s, _)| s.started);
            Ok(out)
        })
    }

    fn session_end(&self, s: &SessionRecord) -> SessionEnd {
        if s.ended.is_some() {
            return SessionEnd::Clean;
        }
        let ours = self.session.as_ref().is_some_and(|(m, _)| m.id == s.id);
        let alive = s.host == crate::history::hostname() && super::pid_alive(s.pid);
        if ours || alive {
            SessionEnd::Running
        } else {
            SessionEnd::Crashed
        }
    }

    /// The records `f` selects, oldest first: scans from the newest and
    /// stops once `f.limit` matched (see `Store::history_scan`, which skips
    /// non-matching records without decoding them whole).
    pub fn history_matching(&self, f: &Filter) -> Result<Vec<HistoryRecord>, StoreError> {
        self.history_scan(f)
    }

    /// For each workspace generation, the command whose commit reached it
    /// first (the one that wrote a variable of that generation): binary
    /// search over the history, whose generations grow with the number.
    pub fn commands_of_generations(&self, gens: &[u64]) -> Result<Vec<Option<u64>>, StoreError> {
        guarded(&self.path, || {
            let txn = self.db()?.begin_read().map_err(|e| self.err(e))?;
            let hist = txn.open_table(LOG).map_err(|e| self.err(e))?;
            let last = log::last_seq(&hist).map_err(|e| self.err(e))?;
            let gen_of = |seq: u64| -> Result<Option<u64>, StoreError> {
                let got = log::record(&hist, seq).map_err(|e| self.err(e))?;
                Ok(match got {
                    Some(g) => Some(decode_record(&self.path, FORMAT_VERSION, &g)?.generation),
                    None => None,
                })
            };
            let mut out = Vec::with_capacity(gens.len());
            for &g in gens {
                let (mut lo, mut hi) = (1u64, last);
                let mut found = None;
                while lo <= hi && hi > 0 {
                    let mid = lo + (hi - lo) / 2;
                    match gen_of(mid)? {
                        Some(mg) if mg >= g => {
                            found = Some(mid);
                            hi = mid - 1;
                        }
                        Some(_) => lo = mid + 1,
                        // A gap in the numbering: search the upper half.
                        None => lo = mid + 1,
                    }
                }
                out.push(found);
            }
            Ok(out)
        })
    }

    /// One history record by number.
    pub fn history_record(&self, seq: u64) -> Result<Option<HistoryRecord>, StoreError> {
        guarded(&self.path, || {
            let txn = self.db()?.begin_read().map_err(|e| self.err(e))?;
            let hist = txn.open_table(LOG).map_err(|e| self.err(e))?;
            let got = log::record(&hist, seq).map_err(|e| self.err(e))?;
            got.map(|g| decode_record(&self.path, FORMAT_VERSION, &g).map(|r| self.as_seen(r)))
                .transpose()
        })
    }
}

impl Store {
    /// Writes (or replaces) a session record inside `txn`.
    pub(super) fn put_session(
        &self,
        txn: &redb::WriteTransaction,
        s: &SessionRecord,
    ) -> Result<(), StoreError> {
        let mut t = txn.open_table(SESSIONS).map_err(|e| self.err(e))?;
        let payload =
            rmp_serde::to_vec_named(s).map_err(|e| StoreError::Unsupported(e.to_string()))?;
        t.insert(s.id.as_str(), cas::wrap(&payload).as_slice())
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}
