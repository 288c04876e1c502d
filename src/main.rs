//! The `flatlab` binary: parse arguments and hand over to the shell.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args = match flatlab::cli::parse(&args) {
        Ok(a) => a,
        Err(msg) => {
            flatlab::errln!("flatlab: {msg}\n\n{}", flatlab::cli::USAGE);
            return ExitCode::from(2);
        }
    };
    // Every front end runs the interpreter on one large stack (deep recursion).
    ExitCode::from(flatlab::eval::run_with_stack(move || {
        flatlab::shell::main(args)
    }))
}
