//! Completion cases: a line and a cursor position → the candidates, from the catalog and
//! from the lab (service names, node names, accounts).

#[path = "support/lab.rs"]
#[allow(dead_code)]
mod lab_fixture;

use ucsh::catalog::{self, Scope};
use ucsh::engine::deployment::InitOptions;
use ucsh::engine::Clock;
use ucsh::handlers::complete::LabValues;

fn words(line: &str, scope: Scope) -> Vec<String> {
    let (_, c) = catalog::complete(line, line.len(), scope, &());
    c.into_iter().map(|c| c.display).collect()
}

#[test]
fn command_words() {
    assert_eq!(words("se", Scope::Cm), vec!["set*"]);
    assert_eq!(words("", Scope::Cm).first().map(String::as_str), Some("delete*"));
    assert!(words("show ", Scope::Cm).contains(&"network*".to_string()));
    assert!(words("show ", Scope::Cm).contains(&"myself".to_string()));
    assert_eq!(words("show net", Scope::Cm), vec!["network*"]);
    assert_eq!(words("show network ", Scope::Cm), vec!["cluster", "eth0", "ipprefs", "route", "status"]);
    assert_eq!(words("show network eth0 ", Scope::Cm), vec!["detail"]);
    assert_eq!(words("set cli pagination ", Scope::Cm), vec!["off", "on"]);
    assert_eq!(words("set cli pagination o", Scope::Cm), vec!["off", "on"]);
    assert!(words("nonsense ", Scope::Cm).is_empty());
    // Completing a fully typed leaf offers nothing more.
    assert!(words("show myself ", Scope::Cm).is_empty());
}

#[test]
fn replacement_and_start() {
    let (start, c) = catalog::complete("show netw", 9, Scope::Cm, &());
    assert_eq!(start, 5);
    assert_eq!(c[0].replacement, "network ");
    // Cursor in the middle of the line completes the word before it.
    let (start, c) = catalog::complete("show netw extra", 9, Scope::Cm, &());
    assert_eq!(start, 5);
    assert_eq!(c.len(), 1);
}

#[test]
fn dynamic_values_from_the_lab() {
    let t = tempfile::tempdir().expect("tempdir");
    let clock = Clock::from_rfc3339("2026-11-23T10:00:00Z").unwrap_or_default();
    let lab = lab_fixture::lab_at(t.path(), &InitOptions::default(), clock);
    let imp = LabValues { lab: &lab, node: "cucm-imp-1".into() };
    let line = "utils service restart Cisco XCP R";
    let (start, c) = catalog::complete(line, line.len(), Scope::Imp, &imp);
    assert_eq!(start, "utils service restart ".len());
    let names: Vec<&str> = c.iter().map(|c| c.display.as_str()).collect();
    assert_eq!(names, vec!["Cisco XCP Router"]);
    // Case does not matter, names with blanks complete whole.
    let line = "utils service start cisco sy";
    let (_, c) = catalog::complete(line, line.len(), Scope::Imp, &imp);
    assert_eq!(
        c.iter().map(|c| c.display.as_str()).collect::<Vec<_>>(),
        vec!["Cisco Sync Agent", "Cisco Syslog Agent"]
    );
    // A CM node offers its own services.
    let cm = LabValues { lab: &lab, node: "cucm-pub".into() };
    let line = "utils service stop Cisco Call";
    let (_, c) = catalog::complete(line, line.len(), Scope::Cm, &cm);
    assert!(c.iter().any(|c| c.display == "Cisco CallManager"));
    assert!(!c.iter().any(|c| c.display.contains("XCP")));
    // Accounts.
    let line = "set password user ad";
    let (_, c) = catalog::complete(line, line.len(), Scope::Cm, &cm);
    assert_eq!(c.iter().map(|c| c.display.as_str()).collect::<Vec<_>>(), vec!["admin"]);
}
