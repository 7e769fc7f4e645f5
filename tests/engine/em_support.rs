//! What the Extension Mobility engine tests share: the lab's owner session, the generated
//! users and their desk phones, `run sql`, `utils service` and the EM services' traces.

use ucsh::engine::db::{self, sql::SqlResult};
use ucsh::engine::em;
use ucsh::engine::node::Partition;
use ucsh::engine::services::{self, Action as SvcAction};
use ucsh::engine::{Lab, Session};

use crate::op_support::call;

pub fn admin() -> Session {
    Session::new("admin", 4, true)
}

/// The generated user `n` of cluster1.
pub fn user(n: u32) -> String {
    em::population::userid(1, n)
}

/// The desk phone of cluster1's generated user `n`.
pub fn phone(n: u32) -> String {
    em::population::desk_phone(1, n).expect("a desk phone")
}

/// `run sql` on a node, as the administrator.
pub fn run_sql(lab: &Lab, node: &str, statement: &str) -> SqlResult {
    let n = lab.node(node).expect("node");
    call(lab, &n, &admin(), "run sql", |op| db::sql::run(op, statement)).expect(statement)
}

/// `utils service <action> <name>` on a node.
pub fn svc(lab: &Lab, node: &str, action: SvcAction, name: &str) {
    let n = lab.node(node).expect("node");
    call(lab, &n, &admin(), "utils service stop", |op| services::act(op, action, name)).expect("service");
}

/// The text of an EM service's log4j traces on a node (`emservice` or `emapp`).
pub fn em_traces(lab: &Lab, node: &str, folder: &str) -> String {
    let dir = lab
        .node(node)
        .expect("node")
        .partition(Partition::Activelog)
        .join(format!("tomcat/logs/{folder}/log4j"));
    let mut text = String::new();
    for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        text.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
    }
    text
}
