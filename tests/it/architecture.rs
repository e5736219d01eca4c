//! The crate's shape, checked from its source: dependencies point one way (the README's
//! diagram): no module imports a sibling that imports it back, and the core imports no HTTP
//! surface; and no source file grows past 500 lines.
//!
//! The check reads `src/` as text: it drops comments and string literals, collects the paths
//! that start with `crate::`, `super::` or `self::` (in `use` trees and inline), resolves the
//! root's re-exports (`crate::Campaign` is `campaign`), and maps each path to the deepest
//! module file it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The modules that speak HTTP or render pages; the rest of the crate is the core.
const SURFACES: [&str; 6] = ["flow", "admin", "layer", "gate", "web", "fuzzing"];
/// The longest a source file may be: past it, a file holds more than one concept.
const MAX_LINES: usize = 500;

type ModPath = Vec<String>;

#[test]
fn no_module_imports_a_sibling_that_imports_it_back() {
    let crate_ = Crate::read();
    let mut cycles = BTreeSet::new();
    for folder in crate_.folders() {
        let graph = crate_.sibling_graph(&folder);
        for unit in graph.keys() {
            // The siblings `unit` reaches that reach it back: one cycle, named once.
            let cycle: BTreeSet<&String> = reachable(&graph, unit)
                .into_iter()
                .filter(|other| reachable(&graph, other).contains(unit))
                .collect();
            if !cycle.is_empty() {
                let names: Vec<&str> = cycle.iter().map(|s| s.as_str()).collect();
                cycles.insert(format!("{}: {}", display(&folder), names.join(" <-> ")));
            }
        }
    }
    let cycles: Vec<String> = cycles.into_iter().collect();
    assert!(cycles.is_empty(), "module cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_core_imports_no_http_surface() {
    let crate_ = Crate::read();
    let mut found = Vec::new();
    for (module, imports) in &crate_.imports {
        let Some(top) = module.first() else { continue };
        if SURFACES.contains(&top.as_str()) {
            continue;
        }
        for target in imports {
            if target
                .first()
                .is_some_and(|t| SURFACES.contains(&t.as_str()))
            {
                found.push(format!("{} uses {}", display(module), display(target)));
            }
        }
    }
    assert!(
        found.is_empty(),
        "core modules import surfaces:\n{}",
        found.join("\n")
    );
}

#[test]
fn every_source_file_stays_under_five_hundred_lines() {
    let long: Vec<String> = rust_files(&src_dir())
        .into_iter()
        .filter_map(|file| {
            let lines = std::fs::read_to_string(&file).ok()?.lines().count();
            (lines >= MAX_LINES).then(|| format!("{} has {lines} lines", file.display()))
        })
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}

/// The checker itself: a cycle through `super::` and a root re-export is found, comments and
/// strings are not read as code.
#[test]
fn the_checker_reads_paths_the_way_rustc_does() {
    let code = r#"
        use super::{a::B, c::{D, E}};
        // use crate::flow::Hidden;
        let s = "crate::admin::InAString";
        let c = '"';
        fn f<'a>(x: &'a crate::Campaign) -> crate::store::Thing { thing() }
    "#;
    let mut paths = paths_in(&strip(code));
    paths.sort();
    let expected: Vec<Vec<&str>> = vec![
        vec!["crate", "Campaign"],
        vec!["crate", "store", "Thing"],
        vec!["super", "a", "B"],
        vec!["super", "c", "D"],
        vec!["super", "c", "E"],
    ];
    assert_eq!(paths, expected);
}

struct Crate {
    /// Each module's file.
    modules: BTreeMap<ModPath, PathBuf>,
    /// What each module imports (other modules, never itself).
    imports: BTreeMap<ModPath, BTreeSet<ModPath>>,
}

impl Crate {
    fn read() -> Self {
        let src = src_dir();
        let modules: BTreeMap<ModPath, PathBuf> = rust_files(&src)
            .into_iter()
            .map(|file| (module_path(&src, &file), file))
            .collect();
        let lib = strip(&std::fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs"));
        let reexports = root_reexports(&lib);
        let mut imports = BTreeMap::new();
        for (module, file) in &modules {
            let code = strip(&std::fs::read_to_string(file).expect("a source file"));
            let targets: BTreeSet<ModPath> = paths_in(&code)
                .into_iter()
                .filter_map(|path| absolute(module, &path))
                .filter_map(|path| resolve(&modules, &reexports, path))
                .filter(|target| target != module)
                .collect();
            imports.insert(module.clone(), targets);
        }
        Self { modules, imports }
    }

    /// Every folder module (the crate root included).
    fn folders(&self) -> BTreeSet<ModPath> {
        self.modules
            .keys()
            .filter(|m| !m.is_empty())
            .map(|m| m[..m.len() - 1].to_vec())
            .collect()
    }

    /// Which child of `folder` imports which other child (a child counts with everything
    /// under it).
    fn sibling_graph(&self, folder: &[String]) -> BTreeMap<String, BTreeSet<String>> {
        let child = |m: &ModPath| {
            (m.len() > folder.len() && m.starts_with(folder)).then(|| m[folder.len()].clone())
        };
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (module, targets) in &self.imports {
            let Some(from) = child(module) else { continue };
            let edges = graph.entry(from.clone()).or_default();
            edges.extend(targets.iter().filter_map(child).filter(|to| *to != from));
        }
        graph
    }
}

fn reachable<'a>(
    graph: &'a BTreeMap<String, BTreeSet<String>>,
    from: &str,
) -> BTreeSet<&'a String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&String> = graph.get(from).into_iter().flatten().collect();
    while let Some(next) = todo.pop() {
        if seen.insert(next) {
            todo.extend(graph.get(next).into_iter().flatten());
        }
    }
    seen
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// `src/flow/record.rs` is `flow::record`, `src/flow/mod.rs` is `flow`, `src/lib.rs` the root.
fn module_path(src: &Path, file: &Path) -> ModPath {
    let relative = file.strip_prefix(src).expect("under src");
    let mut parts: ModPath = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

fn display(module: &[String]) -> String {
    if module.is_empty() {
        "crate".into()
    } else {
        module.join("::")
    }
}

/// The code without comments, string literals and char literals (lifetimes stay).
fn strip(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        if rest.starts_with(&['/', '/']) {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if rest.starts_with(&['/', '*']) {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i..].starts_with(&['/', '*']) {
                    depth += 1;
                    i += 2;
                } else if chars[i..].starts_with(&['*', '/']) {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_string_start(rest) {
            i += hashes + 2;
            let end: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            while i < chars.len() && !chars[i..].starts_with(&end) {
                i += 1;
            }
            i += end.len();
            out.push_str("\"\"");
        } else if chars[i] == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if chars[i] == '\'' && rest.get(1) == Some(&'\\') {
            i += 3;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else if chars[i] == '\'' && rest.get(2) == Some(&'\'') {
            i += 3;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// `r"`, `r#"`, `br##"`...: how many `#` a raw string starting here has.
fn raw_string_start(rest: &[char]) -> Option<usize> {
    let after_b = if rest.first() == Some(&'b') { 1 } else { 0 };
    if rest.get(after_b) != Some(&'r') {
        return None;
    }
    let hashes = rest[after_b + 1..]
        .iter()
        .take_while(|c| **c == '#')
        .count();
    (rest.get(after_b + 1 + hashes) == Some(&'"')).then_some(hashes + after_b)
}

/// Every path the code names that starts with `crate`, `super` or `self`: `use` trees
/// expanded, and paths written inline.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let tokens = tokenize(code);
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i] == "use" {
            let end = tokens[i..]
                .iter()
                .position(|t| t == ";")
                .map_or(tokens.len(), |p| i + p);
            paths.extend(
                expand(&tokens[i + 1..end])
                    .into_iter()
                    .filter(|p| p.first().is_some_and(|s| is_anchor(s))),
            );
            i = end;
        } else if is_anchor(&tokens[i]) && tokens.get(i + 1).is_some_and(|t| t == "::") {
            let mut path = vec![tokens[i].clone()];
            let mut j = i + 1;
            while tokens.get(j).is_some_and(|t| t == "::")
                && tokens.get(j + 1).is_some_and(|t| is_ident(t))
            {
                path.push(tokens[j + 1].clone());
                j += 2;
            }
            paths.push(path);
            i = j;
        } else {
            i += 1;
        }
    }
    paths.into_iter().map(|p| p.into_iter().collect()).collect()
}

fn is_anchor(token: &str) -> bool {
    matches!(token, "crate" | "super" | "self")
}

fn is_ident(token: &str) -> bool {
    token.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Identifiers, `::`, and single punctuation characters.
fn tokenize(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(chars[start..i].iter().collect());
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            tokens.push("::".into());
            i += 2;
        } else {
            if !c.is_whitespace() {
                tokens.push(c.to_string());
            }
            i += 1;
        }
    }
    tokens
}

/// A `use` tree's tokens (`a::{b, c::{d as e}}`) as the paths it names.
fn expand(tokens: &[String]) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for item in split_top_level(tokens) {
        let mut prefix = Vec::new();
        let mut i = 0;
        while i < item.len() {
            match item[i].as_str() {
                "{" => {
                    let inner = &item[i + 1..item.len().saturating_sub(1)];
                    for tail in expand(inner) {
                        paths.push(prefix.iter().cloned().chain(tail).collect());
                    }
                    prefix.clear();
                    break;
                }
                "::" => {}
                "as" => break,
                "pub" | "(" | ")" | "in" if prefix.is_empty() => {}
                token => prefix.push(token.to_owned()),
            }
            i += 1;
        }
        if !prefix.is_empty() {
            paths.push(prefix);
        }
    }
    paths
}

fn split_top_level(tokens: &[String]) -> Vec<&[String]> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, token) in tokens.iter().enumerate() {
        match token.as_str() {
            "{" => depth += 1,
            "}" => depth = depth.saturating_sub(1),
            "," if depth == 0 => {
                items.push(&tokens[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&tokens[start..]);
    items.into_iter().filter(|item| !item.is_empty()).collect()
}

/// The root's `pub use module::{Item, ...}`: which module each re-exported name comes from.
fn root_reexports(lib: &str) -> BTreeMap<String, ModPath> {
    let tokens = tokenize(lib);
    let mut names = BTreeMap::new();
    for (i, window) in tokens.windows(2).enumerate() {
        if window[0] == "pub" && window[1] == "use" {
            let end = tokens[i..]
                .iter()
                .position(|t| t == ";")
                .map_or(tokens.len(), |p| i + p);
            for path in expand(&tokens[i + 2..end]) {
                if let Some(name) = path.last() {
                    names.insert(name.clone(), path.clone());
                }
            }
        }
    }
    names
}

/// `path` as written in `module`, from the crate root (`super` is the parent, `self` the
/// module itself, whether it is a file or a folder's `mod.rs`).
fn absolute(module: &[String], path: &[String]) -> Option<ModPath> {
    if path.first()? == "crate" {
        return Some(path[1..].to_vec());
    }
    let mut base = module.to_vec();
    let mut rest = path;
    while let Some(first) = rest.first() {
        match first.as_str() {
            "super" => {
                base.pop()?;
            }
            "self" => {}
            _ => break,
        }
        rest = &rest[1..];
    }
    Some(base.into_iter().chain(rest.iter().cloned()).collect())
}

/// The deepest module file `path` names, after the root's re-exports.
fn resolve(
    modules: &BTreeMap<ModPath, PathBuf>,
    reexports: &BTreeMap<String, ModPath>,
    mut path: ModPath,
) -> Option<ModPath> {
    if let Some(first) = path.first()
        && !modules.contains_key(&path[..1])
        && let Some(origin) = reexports.get(first)
    {
        path = origin.iter().chain(&path[1..]).cloned().collect();
    }
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| modules.contains_key(prefix))
}
