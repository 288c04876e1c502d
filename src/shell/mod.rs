//! The command cycle (temporary: no store yet).
use crate::cli::{Args, Mode};
use crate::eval::Interp;

pub fn main(args: Args) -> u8 {
    let mut it = Interp::new(Box::new(std::io::stdout()), Box::new(std::io::stderr()));
    let o = match args.mode {
        Mode::Script(p) => it.run_script_file(&p),
        Mode::Code(c) => it.run_command(&c),
        _ => return 2,
    };
    if let Some(e) = &o.error {
        eprintln!("{}", crate::eval::diagnostic::render(e));
        return 1;
    }
    if let Some(e) = &o.parse_error {
        eprintln!("{e}");
        return 1;
    }
    0
}
