//! The `plots` page: a tiny HTTP server on 127.0.0.1 (a random free port)
//! that shows the workspace's open figures in a browser and follows them as
//! they change.
//!
//! The shell owns the interpreter, so the server never sees it: after every
//! command the shell hands `Plots::update` the open figures; figures that
//! differ from the last ones are swapped in and the version number goes up.
//! Rendering happens in the server's threads, on request, once per figure
//! version (cached), so a command never waits for a browser.
//!
//! Routes: `/` (the page: it polls `/version` every 500 ms and, when the
//! number changes, rebuilds its list from `/figures` and reloads the
//! images), `/version`, `/figures` (JSON array of open figure numbers),
//! `/figure/N.png`, `/figure/N.svg`. Only GET and HEAD; requests larger
//! than 8 KiB or slower than a few seconds are dropped; at most 16
//! connections are served at once; a bad request is answered (or dropped)
//! and never reaches the shell. The threads end with the process.

use super::model::Figure;
use super::render;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// The largest request head read (request line and headers).
const MAX_REQUEST: usize = 8 * 1024;
/// Connections served at once; more are closed straight away.
const MAX_CONNECTIONS: usize = 16;
/// Resolution of the PNG served (1.5x the figure's size, sharp on HiDPI).
const PNG_DPI: f64 = 144.0;

/// One figure as shown: the figure and its renders, made on first request.
struct Entry {
    figure: Figure,
    png: OnceLock<Result<Vec<u8>, String>>,
    svg: OnceLock<String>,
}

#[derive(Default)]
struct Snapshot {
    version: u64,
    figures: BTreeMap<u32, Arc<Entry>>,
}

/// A running `plots` server.
pub struct Plots {
    addr: SocketAddr,
    shared: Arc<Mutex<Snapshot>>,
}

impl Plots {
    /// Start serving on 127.0.0.1 at a free port the system picks.
    pub fn start() -> Result<Plots, String> {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("cannot read the server's address: {e}"))?;
        let shared = Arc::new(Mutex::new(Snapshot {
            version: 1,
            ..Snapshot::default()
        }));
        let s = shared.clone();
        std::thread::Builder::new()
            .name("flatlab-plots".into())
            .spawn(move || accept_loop(listener, s))
            .map_err(|e| format!("cannot start the server thread: {e}"))?;
        Ok(Plots { addr, shared })
    }

    /// The page's address.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The current version number (bumped by every change of the figures).
    pub fn version(&self) -> u64 {
        lock(&self.shared).version
    }

    /// Show `figures` (the open ones): changed figures are swapped in,
    /// closed ones dropped; the version goes up if anything differs.
    pub fn update<'a>(&self, figures: impl IntoIterator<Item = (&'a u32, &'a Figure)>) {
        let mut snap = lock(&self.shared);
        let mut next = BTreeMap::new();
        let mut changed = false;
        for (&n, fig) in figures {
            match snap.figures.get(&n) {
                Some(e) if e.figure == *fig => {
                    next.insert(n, e.clone());
                }
                _ => {
                    changed = true;
                    next.insert(
                        n,
                        Arc::new(Entry {
                            figure: fig.clone(),
                            png: OnceLock::new(),
                            svg: OnceLock::new(),
                        }),
                    );
                }
            }
        }
        changed |= next.len() != snap.figures.len();
        if changed {
            snap.figures = next;
            snap.version += 1;
        }
    }
}

/// The lock, even if a serving thread panicked while holding it (the
/// snapshot is replaced whole, so it is never half-written).
fn lock(m: &Mutex<Snapshot>) -> std::sync::MutexGuard<'_, Snapshot> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn accept_loop(listener: TcpListener, shared: Arc<Mutex<Snapshot>>) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of descriptors or a reset before accept: wait a moment
            // rather than spin.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            continue; // dropped: closes the connection
        }
        active.fetch_add(1, Ordering::SeqCst);
        let (shared, done) = (shared.clone(), active.clone());
        let spawned = std::thread::Builder::new()
            .name("flatlab-plots-conn".into())
            .spawn(move || {
                let _ = serve(stream, &shared);
                done.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // Out of threads: the connection was dropped with the closure.
            active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Read one request head (up to the blank line), bounded in size and time.
fn read_head(stream: &mut TcpStream) -> std::io::Result<Option<String>> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.windows(4).any(|w| w == b"\r\n\r\n") || buf.windows(2).any(|w| w == b"\n\n") {
            return Ok(Some(String::from_utf8_lossy(&buf).into_owned()));
        }
        if buf.len() > MAX_REQUEST {
            return Ok(None);
        }
    }
}

fn serve(mut stream: TcpStream, shared: &Mutex<Snapshot>) -> std::io::Result<()> {
    let Some(head) = read_head(&mut stream)? else {
        return respond(&mut stream, 400, "text/plain", b"bad request\n", false);
    };
    let mut parts = head.lines().next().unwrap_or("").split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(&mut stream, 405, "text/plain", b"only GET\n", false);
    }
    let path = target.split('?').next().unwrap_or("");
    let (status, kind, body) = route(path, shared);
    respond(&mut stream, status, kind, &body, head_only)
}

/// The answer to a GET of `path`: status, content type, body.
fn route(path: &str, shared: &Mutex<Snapshot>) -> (u16, &'static str, Vec<u8>) {
    match path {
        "/" | "/index.html" => (200, "text/html; charset=utf-8", PAGE.as_bytes().to_vec()),
        "/version" => (
            200,
            "text/plain",
            lock(shared).version.to_string().into_bytes(),
        ),
        "/figures" => {
            let snap = lock(shared);
            let list: Vec<String> = snap.figures.keys().map(|n| n.to_string()).collect();
            let body = format!(
                "{{\"version\":{},\"figures\":[{}]}}",
                snap.version,
                list.join(",")
            );
            (200, "application/json", body.into_bytes())
        }
        _ => {
            let Some(file) = path.strip_prefix("/figure/") else {
                return (404, "text/plain", b"not found\n".to_vec());
            };
            let (n, ext) = file.split_once('.').unwrap_or((file, ""));
            let entry = n
                .parse::<u32>()
                .ok()
                .and_then(|n| lock(shared).figures.get(&n).cloned());
            let Some(entry) = entry else {
                return (404, "text/plain", b"no such figure\n".to_vec());
            };
            match ext {
                "svg" => {
                    let svg = entry.svg.get_or_init(|| render::svg(&entry.figure));
                    (200, "image/svg+xml", svg.as_bytes().to_vec())
                }
                "png" => match entry
                    .png
                    .get_or_init(|| render::png(&entry.figure, PNG_DPI))
                {
                    Ok(png) => (200, "image/png", png.clone()),
                    Err(e) => (
                        500,
                        "text/plain",
                        format!("cannot render: {e}\n").into_bytes(),
                    ),
                },
                _ => (404, "text/plain", b"not found\n".to_vec()),
            }
        }
    }
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    kind: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Internal Server Error",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The page: figures as PNG images, each linking to its SVG, rebuilt when
/// `/version` changes.
const PAGE: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>flatlab figures</title>
<style>
body { font-family: sans-serif; margin: 12px; background: #f4f4f4; }
.fig { display: inline-block; margin: 8px; background: #fff; padding: 4px; box-shadow: 0 1px 3px #999; }
.fig img { width: 560px; display: block; }
.cap { font-size: 12px; color: #444; }
#none { color: #666; }
</style></head>
<body>
<div id="figs"></div>
<p id="none" hidden>No open figures. Plot something in flatlab.</p>
<script>
let shown = -1;
async function refresh() {
  try {
    const v = await (await fetch('/version', {cache: 'no-store'})).text();
    if (v !== String(shown)) {
      const info = await (await fetch('/figures', {cache: 'no-store'})).json();
      const box = document.getElementById('figs');
      box.replaceChildren();
      for (const n of info.figures) {
        const d = document.createElement('div');
        d.className = 'fig';
        d.id = 'figure' + n;
        const a = document.createElement('a');
        a.href = '/figure/' + n + '.svg?v=' + info.version;
        const img = document.createElement('img');
        img.src = '/figure/' + n + '.png?v=' + info.version;
        img.alt = 'Figure ' + n;
        a.appendChild(img);
        const cap = document.createElement('div');
        cap.className = 'cap';
        cap.textContent = 'Figure ' + n;
        d.appendChild(a);
        d.appendChild(cap);
        box.appendChild(d);
      }
      document.getElementById('none').hidden = info.figures.length > 0;
      shown = v;
    }
  } catch (e) { /* the shell has gone: keep what is shown */ }
  setTimeout(refresh, 500);
}
refresh();
</script>
</body></html>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn get(p: &Plots, raw: &[u8]) -> (String, Vec<u8>) {
        let mut s = TcpStream::connect(p.addr).expect("connect");
        s.write_all(raw).expect("send");
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        let split = out
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map(|i| i + 4)
            .unwrap_or(out.len());
        let body = out.split_off(split);
        (String::from_utf8_lossy(&out).into_owned(), body)
    }

    fn get_path(p: &Plots, path: &str) -> (String, Vec<u8>) {
        get(
            p,
            format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes(),
        )
    }

    #[test]
    fn serves_the_page_version_and_figure_list_on_localhost() {
        let p = Plots::start().expect("start");
        assert!(p.url().starts_with("http://127.0.0.1:"), "{}", p.url());
        let (head, body) = get_path(&p, "/");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(String::from_utf8_lossy(&body).contains("/version"));
        let (_, v) = get_path(&p, "/version");
        let v0: u64 = String::from_utf8_lossy(&v).parse().expect("number");

        let figs = BTreeMap::from([(1, Figure::new(1)), (3, Figure::new(3))]);
        p.update(&figs);
        let (_, v) = get_path(&p, "/version");
        let v1: u64 = String::from_utf8_lossy(&v).parse().expect("number");
        assert!(v1 > v0);
        let (_, list) = get_path(&p, "/figures");
        assert_eq!(
            String::from_utf8_lossy(&list),
            format!("{{\"version\":{v1},\"figures\":[1,3]}}")
        );
        // The same figures again: no new version.
        p.update(&figs);
        assert_eq!(p.version(), v1);
        // An edit bumps it; a closed figure disappears.
        let mut edited = figs.clone();
        edited.remove(&3);
        edited.get_mut(&1).expect("fig 1").name = "edited".into();
        p.update(&edited);
        assert!(p.version() > v1);
        let (_, list) = get_path(&p, "/figures");
        assert!(String::from_utf8_lossy(&list).ends_with("[1]}"));
        let (head, _) = get_path(&p, "/figure/3.svg");
        assert!(head.starts_with("HTTP/1.1 404"), "{head}");
        let (head, body) = get_path(&p, "/figure/1.svg");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("image/svg+xml"));
        assert!(String::from_utf8_lossy(&body).contains("<svg"));
    }

    #[test]
    fn malformed_and_oversized_requests_are_refused_and_serving_goes_on() {
        let p = Plots::start().expect("start");
        let (head, _) = get(&p, b"POST / HTTP/1.1\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 405"), "{head}");
        let (head, _) = get(&p, b"\xff\xfe garbage\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 405"), "{head}");
        let (head, _) = get_path(&p, "/figure/x.png");
        assert!(head.starts_with("HTTP/1.1 404"), "{head}");
        let (head, _) = get_path(&p, "/figure/99999999999999999999.png");
        assert!(head.starts_with("HTTP/1.1 404"), "{head}");
        let (head, _) = get_path(&p, "/../etc/passwd");
        assert!(head.starts_with("HTTP/1.1 404"), "{head}");
        // A head that never ends: refused once it passes the limit.
        let mut big = b"GET / HTTP/1.1\r\nX: ".to_vec();
        big.extend(std::iter::repeat_n(b'a', MAX_REQUEST + 10));
        let (head, _) = get(&p, &big);
        assert!(head.starts_with("HTTP/1.1 400"), "{head}");
        // A client that connects and closes without a word.
        drop(TcpStream::connect(p.addr).expect("connect"));
        let (head, _) = get_path(&p, "/version");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    }
}
