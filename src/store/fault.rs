//! Test seam: fault injection for commits.
//!
//! `FLATLAB_FAULT_COMMIT=N` makes the Nth commit attempt of each opened
//! `Store` (the shell opens one per process, so: of the process) fail as if
//! the disk were full; `N+` makes the Nth and every later attempt fail.
//! The failing transaction is aborted just before it would commit, after
//! all its writes, so nothing changes on disk. Meant for tests only.

/// When commits fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct FaultPlan {
    /// 1-based attempt number of the first failing commit (0: never).
    pub nth: u64,
    /// Whether every attempt after `nth` fails too.
    pub and_later: bool,
}

impl FaultPlan {
    /// Parses "3" or "3+"; None for anything else.
    pub fn parse(s: &str) -> Option<FaultPlan> {
        let s = s.trim();
        let (num, and_later) = match s.strip_suffix('+') {
            Some(n) => (n, true),
            None => (s, false),
        };
        let nth: u64 = num.trim().parse().ok()?;
        (nth > 0).then_some(FaultPlan { nth, and_later })
    }

    /// The plan from `FLATLAB_FAULT_COMMIT`, if set and valid.
    pub fn from_env() -> Option<FaultPlan> {
        std::env::var("FLATLAB_FAULT_COMMIT")
            .ok()
            .and_then(|s| FaultPlan::parse(&s))
    }

    /// Whether commit attempt `attempt` (1-based) must fail.
    pub fn fails(&self, attempt: u64) -> bool {
        self.nth > 0 && (attempt == self.nth || (self.and_later && attempt > self.nth))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_fail() {
        let p = FaultPlan::parse("3").unwrap();
        assert!(!p.fails(2) && p.fails(3) && !p.fails(4));
        let q = FaultPlan::parse(" 2+").unwrap();
        assert!(!q.fails(1) && q.fails(2) && q.fails(9));
        assert_eq!(FaultPlan::parse("0"), None);
        assert_eq!(FaultPlan::parse("x"), None);
    }
}
