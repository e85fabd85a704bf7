//! Tidy checks: rules about the code base itself, checked as tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace root")
        .to_path_buf()
}

/// Every package of the workspace: its directory and its parsed manifest.
fn packages() -> BTreeMap<String, (PathBuf, toml::Table)> {
    let root = workspace_root();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    dirs.push(root.join("xtask"));
    dirs.into_iter()
        .map(|dir| {
            let text = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
            let manifest: toml::Table = text.parse().unwrap();
            let name = manifest["package"]["name"].as_str().unwrap().to_owned();
            (name, (dir, manifest))
        })
        .collect()
}

fn dependencies(manifest: &toml::Table) -> Vec<String> {
    ["dependencies", "build-dependencies"]
        .iter()
        .filter_map(|section| manifest.get(*section).and_then(|d| d.as_table()))
        .flat_map(|table| table.keys().cloned())
        .collect()
}

fn crate_roots(dir: &Path) -> Vec<PathBuf> {
    ["src/lib.rs", "src/main.rs"]
        .iter()
        .map(|f| dir.join(f))
        .filter(|p| p.is_file())
        .collect()
}

/// The engines of Hygie: they meet only in the binary.
const ENGINES: &[&str] = &[
    "hygie-vault",
    "hygie-sentinel",
    "hygie-mailguard",
    "hygie-comply",
];

#[test]
fn every_crate_says_what_it_is_for_and_forbids_unsafe_code() {
    for (name, (dir, _)) in packages() {
        let roots = crate_roots(&dir);
        assert!(!roots.is_empty(), "{name} has no lib.rs or main.rs");
        for root in roots {
            let text = std::fs::read_to_string(&root).unwrap();
            assert!(
                text.trim_start().starts_with("//!"),
                "{} must start with a //! paragraph",
                root.display()
            );
            assert!(
                text.contains("#![forbid(unsafe_code)]"),
                "{} must forbid unsafe code (a kernel interface gets its own documented module)",
                root.display()
            );
        }
    }
}

#[test]
fn every_crate_uses_the_workspace_lints() {
    for (name, (_, manifest)) in packages() {
        let lints = manifest.get("lints").and_then(|l| l.get("workspace"));
        assert_eq!(
            lints.and_then(toml::Value::as_bool),
            Some(true),
            "{name}: add [lints] workspace = true"
        );
    }
}

#[test]
fn engines_never_depend_on_each_other() {
    for (name, (_, manifest)) in packages() {
        if !ENGINES.contains(&name.as_str()) {
            continue;
        }
        for dependency in dependencies(&manifest) {
            assert!(
                !ENGINES.contains(&dependency.as_str()),
                "{name} depends on {dependency}: engines meet only in the hygie binary"
            );
        }
    }
}

#[test]
fn only_the_binary_uses_the_command_line_and_the_web_framework_stays_in_the_console() {
    for (name, (_, manifest)) in packages() {
        let deps = dependencies(&manifest);
        if name != "hygie" && name != "xtask" {
            for forbidden in ["clap", "anyhow", "hygie", "tracing-subscriber"] {
                assert!(
                    !deps.iter().any(|d| d == forbidden),
                    "{name} depends on {forbidden}, which only the binary may use"
                );
            }
        }
        if !["hygie-console", "hygie-repo-server", "hygie-tls"].contains(&name.as_str()) {
            for forbidden in ["axum", "tower-http", "hyper"] {
                assert!(
                    !deps.iter().any(|d| d == forbidden),
                    "{name} depends on {forbidden}: only the console, the repository server and the TLS listener they share serve HTTP"
                );
            }
        }
    }
}

#[test]
fn the_journal_and_the_state_depend_on_no_other_hygie_crate() {
    let packages = packages();
    for name in ["hygie-journal", "hygie-state"] {
        let (_, manifest) = &packages[name];
        let hygie_deps: Vec<String> = dependencies(manifest)
            .into_iter()
            .filter(|d| d.starts_with("hygie"))
            .collect();
        assert!(hygie_deps.is_empty(), "{name} depends on {hygie_deps:?}");
    }
}

#[test]
fn the_architecture_document_maps_every_crate() {
    let text = std::fs::read_to_string(workspace_root().join("ARCHITECTURE.md")).unwrap();
    for (name, (dir, _)) in packages() {
        let relative = dir
            .strip_prefix(workspace_root())
            .unwrap()
            .display()
            .to_string();
        assert!(
            text.contains(&format!("`{relative}/`")),
            "ARCHITECTURE.md does not describe {name} (`{relative}/`)"
        );
    }
}
