//! Memory stays bounded by what the data needs, under an address-space
//! limit (`prlimit --as`, from util-linux): hostile files (compression
//! bombs, sizes claimed but not backed by data, truncations, CSV files of
//! separators) and requests too large for memory (`zeros(1e6)`,
//! `blanks(1e9)`...) end with exit status 1 and a message naming the file
//! or the request, never an abort or a signal, and the workspace opens
//! afterwards with its variables. Valid arrays packed small (2 GiB in a
//! 2 MB .npz or .mat) load under a limit too small for two copies of them.
//!
//! The files are made here, in a second each: a deflate stream of N zero
//! bytes is one compressed MiB repeated (see `Zeros`), so a 4 GiB bomb
//! costs 4 MB of disk and no compression time.

mod common;
use common::{stderr, stdout, Sandbox};
use flate2::write::DeflateEncoder;
use flate2::Compression;
use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Output, Stdio};

const MIB: u64 = 1 << 20;
const GIB: u64 = 1 << 30;

/// Whether prlimit can run here (skips loudly, or fails under
/// FLATLAB_REQUIRE_INTEROP=1).
fn prlimit() -> bool {
    common::tool_available(
        "prlimit",
        &["--version"],
        common::interop_required(),
        "resource limits test",
    )
}

/// `flatlab -c CODE` in `s` with at most `limit` bytes of address space.
///
/// glibc reserves 64 MiB of address space for the heap of each thread that
/// allocates (reservations, not memory); one arena keeps the limit a bound
/// on memory whatever the machine's core count.
fn limited(s: &Sandbox, limit: u64, code: &str) -> Output {
    Command::new("prlimit")
        .arg(format!("--as={limit}"))
        .arg("--")
        .arg(common::BIN)
        .args(["-c", code])
        .env("FLATLAB_HOME", &s.home)
        .env("NO_COLOR", "1")
        .env("MALLOC_ARENA_MAX", "1")
        .current_dir(&s.cwd)
        .stdin(Stdio::null())
        .output()
        .expect("run prlimit")
}

/// The command failed cleanly: exit status 1, no signal, a message with
/// every one of `needles`; then the workspace opens with its variable.
fn refused(s: &Sandbox, limit: u64, code: &str, needles: &[&str]) {
    let o = limited(s, limit, code);
    let err = stderr(&o);
    assert_eq!(
        o.status.signal(),
        None,
        "{code}: killed by a signal\nstderr: {err}"
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{code}: exit status\nstderr: {err}"
    );
    for n in needles {
        assert!(err.contains(n), "{code}: no '{n}' in\n{err}");
    }
    assert!(!err.contains("panicked"), "{code}: {err}");
    assert_eq!(s.ok("disp(keep)"), "42\n", "after {code}");
}

/// The most address space a trivial command of this build takes (VmPeak: the
/// binary, the interpreter thread's stack, the allocator's reservations), so
/// a tight limit can be set relative to it.
fn baseline(s: &Sandbox) -> u64 {
    let status = s.ok("disp(fileread('/proc/self/status'))");
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmPeak:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no VmPeak in /proc/self/status:\n{status}"));
    kb * 1024
}

/// The command succeeded under the limit; its stdout.
fn loads(s: &Sandbox, limit: u64, code: &str) -> String {
    let o = limited(s, limit, code);
    assert!(
        o.status.success(),
        "{code}: {:?}\nstderr: {}",
        o.status,
        stderr(&o)
    );
    assert_eq!(s.ok("disp(keep)"), "42\n", "after {code}");
    stdout(&o)
}

fn sandbox(tag: &str) -> Sandbox {
    let s = Sandbox::new(tag);
    s.ok("keep = 42;");
    s
}

// ----- deflate streams of mostly zeros -----

/// A raw deflate stream of `prefix`, `zeros` zero bytes and `suffix`, with
/// the checksums zlib and zip want. One MiB of zeros is compressed once,
/// after another MiB of zeros, and its bytes are repeated: each copy only
/// refers back to zeros, and a sync flush leaves every piece byte-aligned.
struct Zeros {
    deflate: Vec<u8>,
    len: u64,
    adler: u32,
    crc: u32,
}

fn zeros_stream(prefix: &[u8], zeros: u64, suffix: &[u8]) -> Zeros {
    assert!(zeros >= 2 * MIB);
    let (whole, rest) = (zeros / MIB, (zeros % MIB) as usize);
    let mib = vec![0u8; MIB as usize];
    let mut e = DeflateEncoder::new(Vec::new(), Compression::best());
    let piece = |e: &mut DeflateEncoder<Vec<u8>>, data: &[u8]| {
        e.write_all(data).unwrap();
        e.flush().unwrap();
        std::mem::take(e.get_mut())
    };
    let mut out = piece(&mut e, prefix);
    out.extend(piece(&mut e, &mib));
    let repeated = piece(&mut e, &mib);
    for _ in 1..whole {
        out.extend_from_slice(&repeated);
    }
    out.extend(piece(&mut e, &mib[..rest]));
    out.extend(piece(&mut e, suffix));
    out.extend(e.finish().unwrap());
    let mut crc = flate2::Crc::new();
    crc.update(prefix);
    for _ in 0..whole {
        crc.update(&mib);
    }
    crc.update(&mib[..rest]);
    crc.update(suffix);
    // Adler-32: zeros leave `a` as it is and add it to `b` once per byte.
    let (mut a, mut b) = (1u64, 0u64);
    let add = |bytes: &[u8], a: &mut u64, b: &mut u64| {
        for &x in bytes {
            *a = (*a + x as u64) % 65521;
            *b = (*b + *a) % 65521;
        }
    };
    add(prefix, &mut a, &mut b);
    b = (b + (zeros % 65521) * a) % 65521;
    add(suffix, &mut a, &mut b);
    Zeros {
        deflate: out,
        len: prefix.len() as u64 + zeros + suffix.len() as u64,
        adler: ((b << 16) | a) as u32,
        crc: crc.sum(),
    }
}

impl Zeros {
    /// As a zlib stream (header, deflate data, Adler-32).
    fn zlib(&self) -> Vec<u8> {
        let mut z = vec![0x78, 0xda];
        z.extend_from_slice(&self.deflate);
        z.extend_from_slice(&self.adler.to_be_bytes());
        z
    }
}

// ----- MAT-files -----

fn mat_header() -> Vec<u8> {
    let mut h = b"MATLAB 5.0 MAT-file, resource test".to_vec();
    h.resize(124, b' ');
    h.extend_from_slice(&[0, 1]);
    h.extend_from_slice(b"IM");
    h
}

fn le(xs: &[u32]) -> Vec<u8> {
    xs.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// The start of a real double column of `n` elements named `name` (at most
/// 4 characters): the miMATRIX tag, flags, dims, name and the data's tag,
/// whose storage type is `ty` (9 miDOUBLE, 2 miUINT8) of `size` bytes.
fn mat_matrix_head(name: &str, n: u32, ty: u32, size: u32) -> Vec<u8> {
    let data = n * size;
    let mut v = le(&[14, 48 + data.next_multiple_of(8)]);
    v.extend(le(&[6, 8, 6, 0])); // flags: class double
    v.extend(le(&[5, 8, n, 1])); // dims n x 1
    let mut nm = le(&[((name.len() as u32) << 16) | 1]);
    nm.extend_from_slice(name.as_bytes());
    nm.resize(8, 0);
    v.extend(nm);
    v.extend(le(&[ty, data]));
    v
}

/// A MAT v7 file of one compressed element holding `stream`.
fn mat_v7(stream: &Zeros) -> Vec<u8> {
    let z = stream.zlib();
    let mut f = mat_header();
    f.extend(le(&[15, z.len() as u32]));
    f.extend(z);
    f
}

// ----- NumPy files -----

fn npy_header(shape: &str) -> Vec<u8> {
    let dict = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}");
    let mut h = dict.into_bytes();
    while (10 + h.len() + 1) % 64 != 0 {
        h.push(b' ');
    }
    h.push(b'\n');
    let mut f = b"\x93NUMPY\x01\x00".to_vec();
    f.extend_from_slice(&(h.len() as u16).to_le_bytes());
    f.extend(h);
    f
}

/// A .npz (zip) archive with one deflated member `name`.
fn npz(name: &str, member: &Zeros) -> Vec<u8> {
    let n = name.as_bytes();
    let sizes = [
        member.crc,
        member.deflate.len() as u32,
        u32::try_from(member.len).expect("member below 4 GiB"),
    ];
    let mut f = le(&[0x0403_4b50]);
    f.extend_from_slice(&[20, 0, 0, 0, 8, 0, 0, 0, 0x21, 0]);
    f.extend(le(&sizes));
    f.extend_from_slice(&(n.len() as u16).to_le_bytes());
    f.extend_from_slice(&[0, 0]);
    f.extend_from_slice(n);
    f.extend_from_slice(&member.deflate);
    let cd = f.len() as u32;
    f.extend(le(&[0x0201_4b50]));
    f.extend_from_slice(&[20, 0, 20, 0, 0, 0, 8, 0, 0, 0, 0x21, 0]);
    f.extend(le(&sizes));
    f.extend_from_slice(&(n.len() as u16).to_le_bytes());
    f.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
    f.extend(le(&[0]));
    f.extend_from_slice(n);
    let cd_len = f.len() as u32 - cd;
    f.extend(le(&[0x0605_4b50, 0]));
    f.extend_from_slice(&[1, 0, 1, 0]);
    f.extend(le(&[cd_len, cd]));
    f.extend_from_slice(&[0, 0]);
    f
}

fn write(s: &Sandbox, name: &str, bytes: &[u8]) {
    std::fs::write(s.cwd.join(name), bytes).expect("write test file");
    assert!(bytes.len() < 16 << 20, "{name}: keep test files small");
}

/// Bytes of memory the system says it can give now.
fn mem_available() -> u64 {
    let info = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    info.lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

#[test]
fn hostile_files_are_refused_within_a_memory_limit() {
    if !prlimit() {
        return;
    }
    let s = sandbox("hostile");
    let limit = GIB;
    // A 4 MB MAT v7 file whose compressed element inflates to 4 GiB: the
    // inner tag claims an miMATRIX of 4 GiB, and it holds zeros.
    let bomb = zeros_stream(&le(&[14, 0xFFFF_FFF8]), 4 * GIB - 8 * MIB, &[]);
    write(&s, "bomb.mat", &mat_v7(&bomb));
    refused(
        &s,
        limit,
        "load bomb.mat",
        &["bomb.mat", "corrupt MAT-file"],
    );
    // x = 5, then 4 GiB more in the same zlib stream: reading stops at the
    // first bytes beyond the size the element claims.
    let mut head = mat_matrix_head("x", 1, 9, 8);
    head.extend_from_slice(&5f64.to_le_bytes());
    let tail = zeros_stream(&head, 4 * GIB - 8 * MIB, &[]);
    write(&s, "tail.mat", &mat_v7(&tail));
    refused(
        &s,
        limit,
        "load tail.mat",
        &["tail.mat", "variable 'x'", "more than the 64 bytes"],
    );
    // A valid 4 GiB double array (4 MB on disk) with room for 1 GiB: the
    // allocation fails as an error naming the file and the variable.
    let n = (4 * GIB / 8 - MIB) as u32;
    let valid = zeros_stream(&mat_matrix_head("v", n, 9, 8), 4 * GIB - 8 * MIB, &[]);
    write(&s, "huge.mat", &mat_v7(&valid));
    refused(
        &s,
        limit,
        "load huge.mat",
        &["huge.mat", "not enough memory to load variable 'v'", "GB"],
    );
    // Doubles stored as bytes (as MATLAB stores small integers): a 17 GB
    // double array from 2 GiB of data.
    let n = 2 * GIB - 8 * MIB;
    let bytes = zeros_stream(&mat_matrix_head("u", n as u32, 2, 1), n, &[]);
    write(&s, "bytes.mat", &mat_v7(&bytes));
    refused(
        &s,
        limit,
        "load bytes.mat",
        &[
            "bytes.mat",
            "not enough memory to load variable 'u'",
            "17.1 GB",
        ],
    );
    // MAT v6: a variable claiming 4 GB in a 200-byte file.
    let mut v6 = mat_header();
    v6.extend(mat_matrix_head("h", 100_000_000, 9, 8));
    v6[128 + 4..128 + 8].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    write(&s, "huge6.mat", &v6);
    refused(
        &s,
        limit,
        "load huge6.mat",
        &["huge6.mat", "claims 4294967280 bytes"],
    );
    // .npy: a header claiming 10^16 doubles (80 PB) over 64 bytes.
    let mut peta = npy_header("(100000000, 100000000)");
    peta.extend_from_slice(&[0; 64]);
    write(&s, "peta.npy", &peta);
    refused(&s, limit, "load peta.npy", &["peta.npy", "truncated"]);
    // .npz: a 4 MB member whose header announces a 4 GiB array, all there.
    let n = 4 * GIB / 8 - MIB;
    let member = zeros_stream(&npy_header(&format!("({n},)")), n * 8, &[]);
    write(&s, "bomb.npz", &npz("b.npy", &member));
    refused(
        &s,
        limit,
        "load bomb.npz",
        &["bomb.npz", "array 'b': not enough memory to load it"],
    );
    // Truncated files: a cut through the compressed data of each kind.
    let cut = |name: &str, bytes: &[u8]| {
        write(&s, name, &bytes[..bytes.len() / 2]);
        refused(&s, limit, &format!("load {name}"), &[name]);
    };
    cut("cut.mat", &mat_v7(&valid));
    cut("cut.npz", &npz("b.npy", &member));
    let mut small = npy_header("(1000, 1000)");
    small.resize(small.len() + 8_000_000, 0);
    cut("cut.npy", &small);
}

#[test]
fn csv_files_of_separators_need_memory_for_their_values_only() {
    if !prlimit() {
        return;
    }
    let s = sandbox("csv");
    // 4 MiB of commas (once 100 MB of fields), of newlines, and a number
    // followed by 4 Mi empty fields: a 1x4194304 row (34 MB: a last empty field after a final comma is no field), as csvread
    // and dlmread fill empty fields with 0 and readmatrix with NaN.
    s.write("commas.csv", &",".repeat(4 << 20));
    s.write("newlines.csv", &"\n".repeat(4 << 20));
    s.write("row.csv", &format!("1{}\n", ",".repeat(4 << 20)));
    // 96 MiB beyond what a trivial command takes (once 219 MB were needed).
    let limit = baseline(&s) + 96 * MIB;
    for f in ["commas", "newlines"] {
        let out = loads(
            &s,
            limit,
            &format!("a = csvread('{f}.csv'); b = readmatrix('{f}.csv'); printf('%d %d %d %d\\n', size(a), size(b))"),
        );
        assert_eq!(out, "0 0 0 0\n", "{f}");
    }
    let out = loads(
        &s,
        limit,
        "a = csvread('row.csv'); printf('%d %d %d %d %d\\n', size(a), a(1), a(end), nnz(a)); clear a",
    );
    assert_eq!(out, "1 4194304 1 0 1\n");
    let out = loads(
        &s,
        limit,
        "b = readmatrix('row.csv'); printf('%d %d %d\\n', size(b), nnz(isnan(b))); clear b",
    );
    assert_eq!(out, "1 4194304 4194303\n");
}

#[test]
fn requests_beyond_memory_are_errors_naming_their_size() {
    if !prlimit() {
        return;
    }
    let s = sandbox("requests");
    let limit = GIB;
    // Beyond any index type, and within it but beyond the limit.
    for code in [
        "x = zeros(1e6);",
        "x = ones(1e5, 1e5);",
        "x = rand(1e6);",
        "x = blanks(1e12);",
        "x = repmat(1, 1e6, 1e6);",
        "x = eye(1e6);",
        "x = 1:1e12;",
        "x = kron(ones(1e4, 1), ones(1e4, 1e3));",
        "x = repmat('a', 1, 1e12);",
        "x = linspace(0, 1, 1e12);",
        "x = zeros(2^31, 2^31, 2^31, 0);",
    ] {
        refused(&s, limit, code, &["out of memory", "elements"]);
    }
    for code in [
        "x = ones(2e4);",
        "x = randn(2e4);",
        "x = blanks(1e9);",
        "x = linspace(0, 1, 2e9);",
        "x = magic(2e4);",
        "x = eye(4e4, 'logical');",
        "x = 1:5e8;",
        "x = [ones(1, 6e7) ones(1, 6e7)];",
        "x = kron(ones(1e4, 1), ones(1e4, 10));",
        // Results of operators on arrays already held.
        "a = ones(1e8, 1); b = a + 1;",
        "a = ones(1e4); b = tril(a);",
        "a = ones(1e8, 1); b = sqrt(a);",
        "a = ones(1e8, 1); b = floor(a);",
        // Conversions and transposes of arrays already held.
        "b = double(true(5e8, 1));",
        "b = true(6e8, 1) + 0;",
        "b = -true(6e8, 1);",
        "b = ones(8e3)';",
        "b = ones(8e3).';",
        "m = true(6e8, 1); b = m(m);",
        // Indexed assignment: the copy of a shared array (copy on write),
        // deletion from one, and growth.
        "c = ones(7e7, 1); d = c; d(1) = 2;",
        "c = ones(7e7, 1); d = c; d(2, 1) = 2;",
        "c = ones(7e7, 1); d = c; d(1:2) = [];",
        "g(3e8) = 1;",
        "h = zeros(2); h(2e4, 2e4) = 1;",
    ] {
        refused(&s, limit, code, &["out of memory", "needs"]);
    }
    // A logical mask selects without a list of positions (8 bytes per
    // element selected): 200 MB selected through it fits where the list
    // alone (1.6 GB) did not.
    assert_eq!(
        loads(
            &s,
            limit,
            "m = true(2e8, 1); b = m(m); printf('%d\\n', numel(b))"
        ),
        "200000000\n"
    );
    // The error is MATLAB's, so code can catch it.
    assert_eq!(
        s.ok("try, x = zeros(1e6); catch e, disp(e.identifier), end"),
        "MATLAB:nomem\n"
    );
}

#[test]
fn complex_results_with_zero_imaginary_parts_narrow_in_place() {
    if !prlimit() {
        return;
    }
    let s = sandbox("narrow");
    // z (400 MB) and z - 1i (400 MB) fit in 1 GiB; a real copy of the
    // result beside them (200 MB) would not.
    let out = loads(
        &s,
        GIB,
        "z = complex((1:2.5e7)', 1); w = z - 1i; printf('%d %d %d\\n', iscomplex(w), numel(w), w(end)); clear z w",
    );
    assert_eq!(out, "0 25000000 25000000\n");
}

#[test]
fn arrays_packed_small_load_with_room_for_one_copy() {
    if !prlimit() {
        return;
    }
    if mem_available() < 5 * GIB {
        // Loud, as a skipped tool is: the machine cannot hold the array.
        eprintln!("note: less than 5 GiB of memory available; 2 GiB loads skipped");
        return;
    }
    let s = sandbox("packed");
    // 2 GiB of doubles, all zero but the last (7), in about 2 MB each;
    // 3 GiB of address space is too little for two copies.
    let n = 2 * GIB / 8;
    let last = 7f64.to_le_bytes();
    let mat = zeros_stream(&mat_matrix_head("big", n as u32, 9, 8), (n - 1) * 8, &last);
    let npy = zeros_stream(&npy_header(&format!("({n},)")), (n - 1) * 8, &last);
    write(&s, "big.mat", &mat_v7(&mat));
    write(&s, "big.npz", &npz("big.npy", &npy));
    let limit = 3 * GIB;
    for (file, dims) in [("big.mat", "268435456 1"), ("big.npz", "1 268435456")] {
        let out = loads(
            &s,
            limit,
            &format!("load {file}; printf('%d %d %d\\n', size(big), big(end)); clear big"),
        );
        assert_eq!(out, format!("{dims} 7\n"), "{file}");
    }
}

#[test]
fn the_stream_maker_makes_what_zlib_reads() {
    // The helper itself: its output inflates to the bytes it describes.
    let z = zeros_stream(b"head", 3 * MIB + 5, b"tail");
    let zlib = z.zlib();
    let mut d = flate2::read::ZlibDecoder::new(&zlib[..]);
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut d, &mut out).expect("valid zlib");
    assert_eq!(out.len() as u64, z.len);
    assert!(out.starts_with(b"head") && out.ends_with(b"tail"));
    assert!(out[4..out.len() - 4].iter().all(|&b| b == 0));
}
