//! File effects in history records and the diary, through the real binary:
//! `save` and `cd` show up in `flatlab history --long`; a piped session with
//! `diary` on leaves the commands and their output in the file.

mod common;

use common::Sandbox;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn history_long_shows_file_effects() {
    let sb = Sandbox::new("effects");
    // The recorded paths are the real ones (the temp dir may be a symlink).
    let cwd = std::fs::canonicalize(&sb.cwd).unwrap();
    std::fs::create_dir_all(cwd.join("sub")).unwrap();
    let o = sb.run(&["-w", "e", "-c", "x = 1; save out.mat x"]);
    assert!(o.status.success(), "{o:?}");
    let o = sb.run(&["-w", "e", "-c", "y = 2;"]);
    assert!(o.status.success(), "{o:?}");
    let o = sb.run(&["-w", "e", "-c", "cd sub"]);
    assert!(o.status.success(), "{o:?}");
    let o = sb.run(&["-w", "e", "-c", "s = system('true'); delete out.mat"]);
    assert!(o.status.success(), "{o:?}");

    let o = sb.run(&["history", "-w", "e", "--long", "--all"]);
    assert!(o.status.success(), "{o:?}");
    let text = stdout(&o);
    let files: Vec<&str> = text
        .lines()
        .map(|l| l.trim())
        .filter(|l| l.starts_with("files "))
        .collect();
    assert_eq!(
        files,
        vec![
            format!("files       write {}", cwd.join("out.mat").display()),
            "files       -".to_string(),
            format!("files       cd {}", cwd.join("sub").display()),
            format!(
                "files       external true delete {}",
                cwd.join("out.mat").display()
            ),
        ],
        "{text}"
    );
}

#[test]
fn diary_in_a_pipe_session_holds_commands_and_output() {
    let sb = Sandbox::new("diary");
    let o = sb.pipe(
        &["-w", "d"],
        "diary log.txt\nx = 1\ny = [1 2];\ndisp(y)\nerror('boom')\nfor k = 1:2\n  disp(k)\nend\ndiary off\nz = 3\n",
    );
    // The error makes the session's status 1; everything else ran.
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(stdout(&o).contains("z = 3"), "{o:?}");
    let log = std::fs::read_to_string(sb.cwd.join("log.txt")).unwrap();
    assert_eq!(
        log,
        "x = 1\nx = 1\ny = [1 2];\ndisp(y)\n   1   2\nerror('boom')\nerror: boom\n    error('boom')\n    ^\n\
         for k = 1:2\n  disp(k)\nend\n1\n2\ndiary off\n"
    );
    // The error is shown in the diary as on the terminal.
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("error: boom\n    error('boom')\n    ^\n"),
        "{o:?}"
    );
    // The diary command is recorded as writing its file.
    let o = sb.run(&["history", "-w", "d", "--long", "--all"]);
    let cwd = std::fs::canonicalize(&sb.cwd).unwrap();
    assert!(
        stdout(&o).contains(&format!(
            "files       write {}",
            cwd.join("log.txt").display()
        )),
        "{}",
        stdout(&o)
    );
}
