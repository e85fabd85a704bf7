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

/// The modules that call the kernel where no safe wrapper exists, by crate root: the only
/// places with unsafe code. Their crate root denies unsafe code instead of forbidding it, so
/// that the module can allow it.
const KERNEL_INTERFACES: &[(&str, &str)] = &[(
    "crates/hygie/src/main.rs",
    "crates/hygie/src/file_handle.rs",
)];

#[test]
fn every_crate_says_what_it_is_for_and_forbids_unsafe_code() {
    let root_dir = workspace_root();
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
            let relative = root.strip_prefix(&root_dir).unwrap();
            let rule = if KERNEL_INTERFACES
                .iter()
                .any(|(crate_root, _)| Path::new(crate_root) == relative)
            {
                "#![deny(unsafe_code)]"
            } else {
                "#![forbid(unsafe_code)]"
            };
            assert!(
                text.contains(rule),
                "{} must say {rule} (a kernel interface gets its own documented module, listed \
                 in KERNEL_INTERFACES)",
                root.display()
            );
        }
    }
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
    found
}

#[test]
fn unsafe_code_lives_only_in_the_kernel_interfaces_and_says_why_it_is_sound() {
    let root = workspace_root();
    let mut files: Vec<PathBuf> = ["crates", "xtask"]
        .iter()
        .flat_map(|dir| rust_files(&root.join(dir)))
        .collect();
    files.sort();
    let allowed = |path: &Path| {
        KERNEL_INTERFACES
            .iter()
            .any(|(_, module)| root.join(module) == path)
    };
    for (_, module) in KERNEL_INTERFACES {
        assert!(
            files.contains(&root.join(module)),
            "{module} is listed but missing"
        );
    }
    let checker = root.join("xtask/src/tidy.rs");
    // Spelt in two, so that this very check does not match itself.
    let lint = ["unsafe", "_code"].concat();
    let root_rules = [format!("#![forbid({lint})]"), format!("#![deny({lint})]")];
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        if !allowed(&file) {
            if file == checker {
                continue;
            }
            // The lint is named only to forbid or deny it in a crate root: any other mention
            // (an allow, an expect, a warn, however it is laid out) lifts it.
            let lifted = lines.iter().position(|line| {
                line.contains(&lint) && !root_rules.iter().any(|rule| line.trim() == rule)
            });
            assert!(
                lifted.is_none(),
                "{}:{}: unsafe code is allowed here: kernel calls belong in a module of \
                 KERNEL_INTERFACES",
                file.display(),
                lifted.map_or(0, |number| number + 1)
            );
            continue;
        }
        for (number, line) in lines.iter().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if ![
                "unsafe {",
                "unsafe{",
                "unsafe fn",
                "unsafe impl",
                "unsafe extern",
                "unsafe trait",
                "#[unsafe(",
            ]
            .iter()
            .any(|form| code.contains(form))
            {
                continue;
            }
            // Above it: comments (a `// SAFETY:` line, or a `/// # Safety` section for a
            // function) and attributes.
            let explained = lines[..number]
                .iter()
                .map(|above| above.trim_start())
                .rev()
                .take_while(|above| above.starts_with("//") || above.starts_with("#["))
                .any(|above| above.starts_with("// SAFETY:") || above == "/// # Safety");
            assert!(
                explained,
                "{}:{}: an unsafe block needs a `// SAFETY:` comment just above it",
                file.display(),
                number + 1
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
