//! Kill -9 right after an acknowledged command: the restarted workspace has it.

mod common;
use common::{kill_after_ack, stdout, Sandbox};

#[test]
fn sigkill_after_acknowledged_command_keeps_it() {
    let s = Sandbox::new("crash");
    // A large value (several store chunks) and a small one, then an acknowledgement:
    // a piped command is read only after the previous one is committed.
    kill_after_ack(
        &s,
        "big = reshape(1:300000, 1000, 300); small = -0;\ndisp('ack')\n",
    );
    let o = s.code("disp(size(big)); disp(big(end)); disp(1 / small)");
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert_eq!(stdout(&o), "   1000    300\n300000\n-Inf\n");
}

/// The `variables` object of a workspace JSON file.
fn vars_of(path: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("read saved workspace");
    let j: serde_json::Value = serde_json::from_str(&text).expect("workspace JSON");
    j["variables"].clone()
}

#[test]
fn sigkill_after_acknowledged_command_keeps_cells_structs_ints_single_and_handles() {
    let s = Sandbox::new("crash-kinds");
    // A cell, struct arrays, an empty struct with fields, integers at their
    // limits, single, and handles; one captures a 2.4 MB array (chunks).
    let big: Vec<String> = (0..300_000).map(|i| i.to_string()).collect();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/store/new_kinds.json"
    ))
    .expect("fixture")
    .replacen(
        "\"text\": \"sin\"}",
        &format!(
            "\"text\": \"sin\"}}, \"hb\": {{\"class\": \"function_handle\", \"size\": [1, 1], \"text\": \"@() big\", \"captures\": {{\"big\": {{\"class\": \"double\", \"size\": [1, 300000], \"data\": [{}]}}}}}}",
            big.join(",")
        ),
        1,
    );
    s.write("v.json", &text);
    kill_after_ack(&s, "load('v.json'); save('before.json');\ndisp('ack')\n");
    let o = s.code("save('after.json')");
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let before = vars_of(&s.cwd.join("before.json"));
    assert_eq!(before.as_object().map(|m| m.len()), Some(10));
    assert_eq!(vars_of(&s.cwd.join("after.json")), before);
}

#[test]
fn sigkill_after_acknowledged_command_keeps_values_made_by_code() {
    let s = Sandbox::new("crash-syntax");
    kill_after_ack(
        &s,
        "big = 1:3e5; c = {1, 'a', {}}; t(2).a = int8(-128); f = @() big; u = single(-0);\ndisp('ack')\n",
    );
    let o = s.code("disp(class(c{3})); disp(t(2).a); x = f(); disp(x(end)); disp(1 / u)");
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert_eq!(stdout(&o), "cell\n-128\n300000\n-Inf\n");
}
