//! Shared helpers for the bench binaries: a private FLATLAB_HOME, running
//! the release binary with its wall time and peak RSS, interactive pipe
//! sessions with markers, and medians.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_flatlab");

/// A scratch FLATLAB_HOME (and working directory), removed on drop.
pub struct Home {
    pub dir: PathBuf,
}

impl Home {
    pub fn new(tag: &str) -> Home {
        let base = std::env::var_os("FLATLAB_BENCH_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(std::env::temp_dir);
        let dir = base.join(format!("flatlab-bench-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create bench home");
        Home { dir }
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args)
            .env("FLATLAB_HOME", &self.dir)
            .env("NO_COLOR", "1")
            .current_dir(&self.dir);
        c
    }

    /// Runs `flatlab ARGS` to completion; fails loudly on a non-zero exit.
    pub fn run(&self, args: &[&str]) -> Run {
        run_measured(self.cmd(args))
    }

    /// Starts `flatlab -w WS` reading commands from a pipe.
    pub fn session(&self, ws: &str) -> Session {
        Session::start(self.cmd(&["-w", ws]))
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One finished process: wall time, peak resident set size, stdout.
pub struct Run {
    pub wall: Duration,
    pub peak_rss_kb: u64,
    /// User plus system CPU time of the process (all its threads).
    pub cpu: Duration,
    pub stdout: String,
}

/// Spawns `cmd` with stdin closed, waits with `wait4` to get the child's own
/// peak RSS (not the maximum over all children); fails loudly on a non-zero
/// exit.
pub fn run_measured(cmd: Command) -> Run {
    try_run_measured(cmd, None, None).unwrap_or_else(|e| panic!("command failed: {e}"))
}

/// Runs `cmd` to completion with stdin from the file `stdin` (or closed),
/// killing it (SIGKILL, by its pid) once `timeout` has passed; returns its
/// wall time from spawn to exit, peak RSS and stdout, or why it failed
/// (spawn error, kill, non-zero exit with the end of its stderr).
// The child is reaped by `wait4` in `wait_rusage`, which clippy cannot see.
#[allow(clippy::zombie_processes)]
pub fn try_run_measured(
    mut cmd: Command,
    stdin: Option<&Path>,
    timeout: Option<Duration>,
) -> Result<Run, String> {
    use std::io::Read;
    let input = match stdin {
        Some(p) => Stdio::from(
            std::fs::File::open(p).map_err(|e| format!("cannot open {}: {e}", p.display()))?,
        ),
        None => Stdio::null(),
    };
    let t0 = Instant::now();
    let mut child = cmd
        .stdin(input)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    let pid = child.id() as libc::pid_t;
    let (done, waiting) = std::sync::mpsc::channel::<()>();
    let watchdog = timeout.map(|limit| {
        std::thread::spawn(move || {
            let expired =
                waiting.recv_timeout(limit) == Err(std::sync::mpsc::RecvTimeoutError::Timeout);
            if expired {
                // SAFETY: `pid` is our own child and not yet reaped: it is
                // reaped only after `done` is dropped, which ends this wait.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
            expired
        })
    });
    let mut out = String::new();
    let mut so = child.stdout.take().ok_or("stdout is not piped")?;
    let mut se = child.stderr.take().ok_or("stderr is not piped")?;
    let errs = std::thread::spawn(move || {
        let mut err = String::new();
        let _ = se.read_to_string(&mut err);
        err
    });
    let _ = so.read_to_string(&mut out);
    let waited = wait_rusage(&child);
    let wall = t0.elapsed();
    drop(done);
    let killed = watchdog.is_some_and(|w| w.join().unwrap_or(false));
    let err = errs.join().unwrap_or_default();
    let (status, rss, cpu) = waited?;
    if killed {
        return Err(format!(
            "killed after {} s",
            timeout.unwrap_or_default().as_secs()
        ));
    }
    if status != 0 {
        let tail: Vec<&str> = err.lines().rev().take(8).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!("exit status {status}: {}", tail.join(" | ")));
    }
    Ok(Run {
        wall,
        peak_rss_kb: rss,
        cpu,
        stdout: out,
    })
}

/// Reaps `child`: its exit status (-1 when a signal ended it), peak RSS in
/// KiB and CPU time (user + system).
fn wait_rusage(child: &Child) -> Result<(i32, u64, Duration), String> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child pid.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointers to locals; pid is a child we spawned and have
    // not waited for.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    if r != pid {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    let cpu = tv(ru.ru_utime) + tv(ru.ru_stime);
    Ok((code, ru.ru_maxrss as u64, cpu))
}

/// A running flatlab reading commands from a pipe.
pub struct Session {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Session {
    /// Starts `cmd` (a `flatlab` command line) reading commands from a pipe.
    pub fn start(mut cmd: Command) -> Session {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn session");
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        Session {
            child,
            stdin,
            stdout,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send(&mut self, line: &str) {
        writeln!(self.stdin, "{line}").expect("write to session");
    }

    /// Sends `disp('MARK')` and waits for it; returns when it was seen. The
    /// marker is displayed only after every earlier command was committed.
    pub fn sync(&mut self, mark: &str) -> Instant {
        self.send(&format!("disp('{mark}')"));
        self.stdin.flush().expect("flush session");
        self.read_until(mark)
    }

    /// Reads output lines until one equals `mark`; returns them (without it).
    pub fn read_until(&mut self, mark: &str) -> Instant {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.stdout.read_line(&mut line).expect("read session");
            assert!(n > 0, "session ended before '{mark}'");
            if line.trim_end() == mark {
                return Instant::now();
            }
        }
    }

    /// Runs `cmd` and returns its output lines (up to a marker).
    pub fn output_of(&mut self, cmd: &str) -> Vec<String> {
        self.send(cmd);
        self.send("disp('--end--')");
        self.stdin.flush().expect("flush session");
        let mut lines = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.stdout.read_line(&mut line).expect("read session");
            assert!(n > 0, "session ended");
            if line.trim_end() == "--end--" {
                return lines;
            }
            lines.push(line.trim_end().to_string());
        }
    }

    /// Bytes this process has caused to be written to storage so far
    /// (`write_bytes` of /proc/PID/io), if the kernel reports it.
    pub fn write_bytes(&self) -> Option<u64> {
        proc_io(self.pid(), "write_bytes")
    }

    pub fn finish(mut self) {
        drop(self.stdin);
        let _ = self.child.wait();
    }
}

pub fn proc_io(pid: u32, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/io")).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().parse().ok())
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median time of `n` fsyncs of a 4 KiB write in `dir`: the floor under any
/// durable commit on this file system.
pub fn fsync_floor(dir: &Path, n: usize) -> Duration {
    let p = dir.join("fsync-probe");
    let mut f = std::fs::File::create(&p).expect("create probe");
    let buf = vec![7u8; 4096];
    let mut times = Vec::new();
    for _ in 0..n {
        let t = Instant::now();
        f.write_all(&buf).expect("write probe");
        f.sync_data().expect("fsync probe");
        times.push(t.elapsed());
    }
    let _ = std::fs::remove_file(&p);
    median(times)
}

/// `octave-cli`, if installed.
pub fn octave() -> Option<PathBuf> {
    let p = PathBuf::from("/usr/bin/octave-cli");
    p.exists().then_some(p)
}
