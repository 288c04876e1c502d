//! The `flatlab` binary: parse arguments and hand over to the shell.

use flatlab::cli::CliError;
use std::process::ExitCode;

/// Large buffers get transparent huge pages (see `flatlab::alloc`).
#[global_allocator]
static ALLOCATOR: flatlab::alloc::Allocator = flatlab::alloc::Allocator;

fn main() -> ExitCode {
    // Arguments are bytes on Unix: take them as they are (a script path need
    // not be UTF-8); `cli::parse` says which must be text.
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let args = match flatlab::cli::parse(&args) {
        Ok(a) => a,
        Err(CliError::Usage(msg)) => {
            flatlab::errln!("flatlab: {msg}\n\n{}", flatlab::cli::USAGE);
            return ExitCode::from(2);
        }
        Err(CliError::Code(msg)) => {
            flatlab::errln!("flatlab: {msg}");
            return ExitCode::from(1);
        }
    };
    // Every front end runs the interpreter on one large stack (deep recursion).
    ExitCode::from(flatlab::eval::run_with_stack(move || {
        flatlab::shell::main(args)
    }))
}
