//! Figures survive kill -9 and restarts, `undo` removes the last drawing,
//! and `close all` is committed.

mod common;
use common::{kill_after_ack, stdout, Sandbox};

fn read(s: &Sandbox, f: &str) -> String {
    std::fs::read_to_string(s.cwd.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"))
}

#[test]
fn a_figure_survives_kill_9() {
    let s = Sandbox::new("plot-kill");
    kill_after_ack(
        &s,
        "x = 1:10; figure(3); plot(x, x.^2, 'r--o'); title('kept'); print -dsvg before.svg\ndisp('ack')\n",
    );
    let o = s.code("disp(gcf); disp(get(get(gca, 'Title'), 'String')); print -dsvg after.svg");
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert_eq!(stdout(&o), "3\nkept\n");
    assert_eq!(read(&s, "before.svg"), read(&s, "after.svg"));
}

#[test]
fn undo_removes_the_last_drawing() {
    let s = Sandbox::new("plot-undo");
    s.ok("plot(1:3); hold on");
    s.ok("plot(3:-1:1)");
    assert_eq!(s.ok("disp(numel(get(gca, 'Children')))").trim(), "2");
    s.ok("undo");
    assert_eq!(s.ok("disp(numel(get(gca, 'Children')))").trim(), "1");
}

#[test]
fn close_all_is_committed() {
    let s = Sandbox::new("plot-close");
    s.ok("figure(1); plot(1:3); figure(2); bar(1:3)");
    assert_eq!(s.ok("disp(ishghandle([1 2]))").trim(), "1  1");
    s.ok("close all");
    assert_eq!(s.ok("disp(ishghandle([1 2]))").trim(), "0  0");
}
