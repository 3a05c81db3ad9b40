//! The shape of the core: the record modules import in one direction only,
//! and the README's module map lists exactly the files of `src/`.
//!
//! Reads the source of `src/record/**` and `src/domain.rs`, collects every
//! `super::…` and `crate::…` path outside `#[cfg(test)]` (and every `use` of
//! a child module, and each `mod` a module declares), and fails if the
//! modules that these paths name form a cycle. A module that reaches its
//! parent (`super::Finding` through `record/mod.rs`) is a cycle too, since
//! the parent declares it: children import their siblings, never the facade.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module path, `["record", "parse", "tags"]`; the crate root is `[]`.
type Module = Vec<String>;

/// The source up to `#[cfg(test)]`, without comments.
fn code(source: &str) -> String {
    source
        .lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules declared with `mod name;` (public or not).
fn declared(code: &str) -> Vec<String> {
    code.lines()
        .filter_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let at = words.iter().position(|w| *w == "mod")?;
            let name = words.get(at + 1)?.trim_end_matches(';');
            Some(name.to_owned())
        })
        .collect()
}

/// Paths as written (`super::super::finding::Code`), with one level of
/// braces expanded (`super::{a, b::C}` → `super::a`, `super::b::C`).
fn paths(code: &str) -> Vec<String> {
    let is_path_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphabetic() || c == '_') {
        let preceded = rest[..start].chars().next_back().is_some_and(is_path_char);
        let tail = &rest[start..];
        let len = tail.find(|c: char| !is_path_char(c)).unwrap_or(tail.len());
        let path = &tail[..len];
        rest = &tail[len..];
        if preceded {
            continue;
        }
        if path.ends_with("::") && rest.starts_with('{') {
            let close = rest.find('}').unwrap_or(rest.len());
            for item in rest[1..close].split(',') {
                out.push(format!("{path}{}", item.trim()));
            }
            rest = &rest[close..];
        } else {
            out.push(path.to_owned());
        }
    }
    out
}

/// The edges from `module` (whose source is `source`) to the modules in `known`.
fn edges(module: &Module, source: &str, known: &BTreeSet<Module>) -> BTreeSet<Module> {
    let children: BTreeSet<&str> = known
        .iter()
        .filter(|m| m.len() == module.len() + 1 && m.starts_with(module))
        .filter_map(|m| m.last().map(String::as_str))
        .collect();
    let code = code(source);
    let mut out: BTreeSet<Module> = declared(&code)
        .into_iter()
        .filter(|name| children.contains(name.as_str()))
        .map(|name| {
            let mut child = module.clone();
            child.push(name);
            child
        })
        .collect();
    for path in paths(&code) {
        let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        let Some(first) = segments.first() else {
            continue;
        };
        if segments.len() == 1 && matches!(*first, "crate" | "super" | "self") {
            // `pub(crate)`, `pub(super)`, `&self`: not a path to a module.
            continue;
        }
        let mut at: Module = match *first {
            "crate" => Vec::new(),
            "super" | "self" => module.clone(),
            child if children.contains(child) => module.clone(),
            _ => continue,
        };
        let skip = usize::from(matches!(*first, "crate" | "self"));
        for segment in &segments[skip..] {
            if *segment == "super" {
                at.pop();
            } else {
                at.push((*segment).to_owned());
            }
        }
        while !at.is_empty() && !known.contains(&at) {
            at.pop();
        }
        if at != *module && known.contains(&at) {
            out.insert(at);
        }
    }
    out
}

/// A cycle in `graph`, if any, as the modules along it.
fn cycle(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    fn visit(
        node: &Module,
        graph: &BTreeMap<Module, BTreeSet<Module>>,
        stack: &mut Vec<Module>,
        done: &mut BTreeSet<Module>,
    ) -> Option<Vec<Module>> {
        if let Some(i) = stack.iter().position(|m| m == node) {
            let mut found = stack[i..].to_vec();
            found.push(node.clone());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, stack, done) {
                return Some(found);
            }
        }
        stack.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

fn module_of(relative: &Path) -> Module {
    let mut module: Module = relative
        .iter()
        .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if module.last().is_some_and(|m| m == "mod" || m == "lib") {
        module.pop();
    }
    module
}

fn sources(dir: &Path, root: &Path) -> Vec<(Module, String)> {
    crate::corpus::walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|path| {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            (module_of(relative), text)
        })
        .collect()
}

fn graph(files: &[(Module, String)]) -> BTreeMap<Module, BTreeSet<Module>> {
    let known: BTreeSet<Module> = files.iter().map(|(m, _)| m.clone()).collect();
    files
        .iter()
        .map(|(m, text)| (m.clone(), edges(m, text, &known)))
        .collect()
}

fn show(modules: &[Module]) -> String {
    let names: Vec<String> = modules
        .iter()
        .map(|m| format!("crate::{}", m.join("::")))
        .collect();
    names.join(" → ")
}

#[test]
fn record_modules_import_in_one_direction() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = sources(&src.join("record"), &src);
    for name in ["domain.rs", "lib.rs"] {
        let text = std::fs::read_to_string(src.join(name)).unwrap_or_default();
        files.push((module_of(Path::new(name)), text));
    }
    // The crate's other modules, as nodes without imports: a path into them
    // is an edge, not a reach for the crate root.
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap_or_default();
    for name in declared(&code(&lib)) {
        if !files.iter().any(|(m, _)| m.len() == 1 && m[0] == name) {
            files.push((vec![name], String::new()));
        }
    }
    assert!(
        files.len() > 10,
        "expected the record modules under {}",
        src.display()
    );
    let graph = graph(&files);
    let edges: usize = graph.values().map(BTreeSet::len).sum();
    assert!(
        edges > 20,
        "only {edges} imports found: is the scan broken?"
    );
    if let Some(found) = cycle(&graph) {
        panic!("record modules import in a circle: {}", show(&found));
    }
}

#[test]
fn the_scan_finds_cycles_and_lines() {
    let file =
        |m: &[&str], text: &str| (m.iter().map(|s| s.to_string()).collect(), text.to_owned());
    // (files, whether they form a cycle)
    let cases: Vec<(Vec<(Module, String)>, bool)> = vec![
        (
            vec![
                file(&["record"], "pub mod a;\npub mod b;\npub use a::X;"),
                file(&["record", "a"], "use super::b::Y;"),
                file(&["record", "b"], "pub struct Y;"),
            ],
            false,
        ),
        (
            vec![
                file(&["record"], "pub mod a;\npub mod b;"),
                file(&["record", "a"], "use super::b::Y;"),
                file(&["record", "b"], "fn f() { crate::record::a::g() }"),
            ],
            true,
        ),
        (
            // A child reaching the facade that declares it.
            vec![
                file(&["record"], "pub mod a;\npub use a::X;"),
                file(&["record", "a"], "use super::Finding;"),
            ],
            true,
        ),
        (
            // Braces, and an import only in tests or comments, which does not count.
            vec![
                file(&["record"], "pub mod a;\npub mod b;\npub mod c;"),
                file(&["record", "a"], "use super::{b::Y, c::Z};"),
                file(
                    &["record", "b"],
                    "// super::a::X\n#[cfg(test)]\nmod tests { use super::super::a::X; }",
                ),
                file(&["record", "c"], "pub struct Z;"),
            ],
            false,
        ),
        (
            vec![
                file(&["record"], "pub mod a;\npub mod b;\npub mod c;"),
                file(&["record", "a"], "use super::{b::Y, c::Z};"),
                file(&["record", "c"], "fn f() { super::a::g() }"),
                file(&["record", "b"], ""),
            ],
            true,
        ),
    ];
    for (i, (files, cyclic)) in cases.iter().enumerate() {
        assert_eq!(cycle(&graph(files)).is_some(), *cyclic, "case {i}");
    }
}

/// The files the README's module map lists (first word of each line
/// between `<!-- module-map -->` and `<!-- /module-map -->`).
fn readme_map(readme: &str) -> BTreeSet<String> {
    let start = readme.find("<!-- module-map -->").unwrap_or(readme.len());
    let end = readme.find("<!-- /module-map -->").unwrap_or(readme.len());
    readme
        .get(start..end)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.ends_with(".rs"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_readme_module_map_matches_the_tree() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(manifest.join("../../README.md")).unwrap_or_default();
    let listed = readme_map(&readme);
    let src = manifest.join("src");
    let on_disk: BTreeSet<String> = crate::corpus::walk(&src)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter_map(|p| p.strip_prefix(&src).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let missing: Vec<&String> = on_disk.difference(&listed).collect();
    let gone: Vec<&String> = listed.difference(&on_disk).collect();
    assert!(
        missing.is_empty() && gone.is_empty(),
        "README.md's module map (between <!-- module-map --> and <!-- /module-map -->) differs \
         from crates/dmarc-core/src: add a line for {missing:?}, remove the line of {gone:?}"
    );
}

#[test]
fn the_readme_map_reads_the_first_word_of_each_line() {
    let readme = "x.rs outside\n<!-- module-map -->\n```\na.rs  what a is\nb/c.rs  what c is\n```\n<!-- /module-map -->\nd.rs";
    let want: BTreeSet<String> = ["a.rs", "b/c.rs"].into_iter().map(str::to_owned).collect();
    assert_eq!(readme_map(readme), want);
}
