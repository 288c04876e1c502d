//! Source bytes to text. MATLAB code is UTF-8; this module says where bytes
//! that are not UTF-8 are, and reads `.m` files that are not as Windows-1252.
//!
//! Typed code (`-c CODE`, a pipe line, the REPL) is refused when it is not
//! UTF-8, with the place of the first bad byte: a terminal or shell that sends
//! something else has a setting wrong, and guessing would store wrong text.
//! A script or function *file* is different: files written on Windows are
//! often Windows-1252 (Latin-1 plus `€`, curly quotes, ...), typically in a
//! comment or a string such as `'Température'`. MATLAB (R2020a and later)
//! reads a file as UTF-8 and falls back to the system encoding when it is not
//! valid UTF-8; for these files that encoding is Windows-1252, so
//! [`decode_source`] does the same and returns where the first bad byte was,
//! for a notice. Octave instead replaces each bad byte with U+FFFD, which
//! loses the text. Windows-1252 decodes every byte, so nothing is refused.

use std::fmt;

/// The first byte of some input that is not valid UTF-8, and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadUtf8 {
    /// The offending byte.
    pub byte: u8,
    /// 0-based byte offset from the start of the input.
    pub offset: usize,
    /// 1-based line (lines end at `\n`).
    pub line: usize,
    /// 1-based column in characters of the (valid) text before it on its line.
    pub column: usize,
}

impl fmt::Display for BadUtf8 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "byte 0x{:02X} at line {}, column {}, byte offset {}",
            self.byte, self.line, self.column, self.offset
        )
    }
}

/// `bytes` as UTF-8 text, or where the first invalid byte is.
pub fn check_utf8(bytes: &[u8]) -> Result<&str, BadUtf8> {
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        // Everything before `offset` is valid UTF-8.
        let before = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        BadUtf8 {
            byte: bytes[offset],
            offset,
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    })
}

/// The text of a `.m` file: UTF-8 when it is valid, else the whole file read
/// as Windows-1252, with the first byte that was not UTF-8 (for a notice).
pub fn decode_source(bytes: Vec<u8>) -> (String, Option<BadUtf8>) {
    match check_utf8(&bytes) {
        Ok(_) => (String::from_utf8(bytes).unwrap_or_default(), None),
        Err(bad) => (bytes.iter().map(|&b| windows_1252(b)).collect(), Some(bad)),
    }
}

/// One Windows-1252 byte as a character. The five bytes the code page leaves
/// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control of the same
/// number, as browsers decode them; so does every byte from 0xA0 (Latin-1).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}',
        '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}',
        '\u{178}',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_byte_is_located() {
        let bad = check_utf8(b"a = 1;\nx = 'caf\xe9';").unwrap_err();
        assert_eq!(
            bad,
            BadUtf8 {
                byte: 0xE9,
                offset: 15,
                line: 2,
                column: 9
            }
        );
        assert_eq!(
            bad.to_string(),
            "byte 0xE9 at line 2, column 9, byte offset 15"
        );
        // Columns count characters, not bytes.
        assert_eq!(check_utf8("é\u{20AC}\x7f".as_bytes()).map(str::len), Ok(6));
        assert_eq!(check_utf8(b"\xc3\xa9\xff").unwrap_err().column, 2);
        // A truncated sequence at the end is located at its first byte.
        assert_eq!(check_utf8(b"ab\xe2\x82").unwrap_err().offset, 2);
    }

    #[test]
    fn files_fall_back_to_windows_1252() {
        let (text, bad) = decode_source(b"% Temp\xe9rature \x80 \x93q\x94 \x81\n".to_vec());
        assert_eq!(text, "% Température € “q” \u{81}\n");
        assert_eq!(bad.map(|b| b.offset), Some(6));
        let (text, bad) = decode_source("x = 'é';".as_bytes().to_vec());
        assert_eq!((text.as_str(), bad), ("x = 'é';", None));
        // Every byte decodes, and ASCII stays ASCII.
        let all: Vec<u8> = (0..=255).collect();
        let (text, _) = decode_source(all);
        assert_eq!(text.chars().count(), 256);
        assert!(text
            .chars()
            .take(128)
            .enumerate()
            .all(|(i, c)| c as usize == i));
    }
}
