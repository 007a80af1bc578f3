//! The hostile-repository catalog (issue 9, item 15): each case builds a repository that
//! nobody vetted, and names what tenet must say about it. Shared by
//! `tests/hostile_catalog.rs` (every case, no panic, tree unchanged, never a silent pass)
//! and `bench/hostile_catalog.rs`, which `bench/hostile-catalog.sh` times and measures.

#![allow(dead_code, reason = "the test and the example use different parts")]

use std::fmt::Write as _;
use std::path::Path;

/// The central policy every case is checked with: it reads every text file and every
/// `.txt` file (binary or not), and parses
/// every JSON, YAML and TOML document
pub(crate) const POLICY: &str = r#"tenet 1
rule cat/text {
  for f in files() where not f.is_binary
  forbid f.text contains "HOSTILE"
  message "`{f.path}` says HOSTILE"
}
rule cat/txt {
  for f in files("**/*.txt")
  forbid f.text contains "HOSTILE"
  message "`{f.path}` says HOSTILE"
}
rule cat/json {
  for f in files("**/*.json")
  require json(f.path) != null
}
rule cat/yaml {
  for f in files("**/*.yml")
  require yaml(f.path) != null
}
rule cat/toml {
  for f in files("**/*.toml")
  require toml(f.path) != null
}
rule cat/readme {
  require exists("README.md")
}
"#;

/// One hostile repository
pub(crate) struct Case {
    /// Short name, also the directory name
    pub(crate) name: &'static str,
    /// Build it under the (empty) directory
    pub(crate) build: fn(&Path, Scale) -> std::io::Result<()>,
    /// What the output must contain: the sign that the hostile part was seen
    pub(crate) says: &'static str,
    /// Exit codes that are right for it (0 only where nothing hostile is left to report)
    pub(crate) exits: &'static [i32],
    /// Use the repository's own `.tenet/` instead of [`POLICY`]
    pub(crate) own_policy: bool,
}

/// How big the big cases are: the test keeps them small, the benchmark makes them full size
#[derive(Clone, Copy)]
pub(crate) enum Scale {
    /// For `cargo test`
    Test,
    /// As issue 9 asks: 100,000 files, 2 GB
    Full,
}

fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) -> std::io::Result<()> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

fn base(dir: &Path) -> std::io::Result<()> {
    write(dir, "README.md", "# a repository nobody vetted\n")
}

/// Every case
pub(crate) fn cases() -> Vec<Case> {
    let mut all = vec![
        Case {
            name: "symlink-escape",
            build: symlink_escape,
            says: "facts::symlink_escape",
            exits: &[2],
            own_policy: false,
        },
        Case {
            name: "symlink-loop",
            build: symlink_loop,
            says: "loop_a",
            exits: &[0, 2],
            own_policy: false,
        },
        Case {
            name: "sparse-2gb",
            build: sparse,
            says: "facts::too_large",
            exits: &[2],
            own_policy: false,
        },
        Case {
            name: "many-files",
            build: many_files,
            says: "says HOSTILE",
            exits: &[1],
            own_policy: false,
        },
        Case {
            name: "deep-dirs",
            build: deep_dirs,
            says: "says HOSTILE",
            exits: &[1],
            own_policy: false,
        },
        Case {
            name: "non-utf8-content",
            build: latin1,
            says: "facts::not_utf8",
            exits: &[2],
            own_policy: false,
        },
        Case {
            name: "minified",
            build: minified,
            says: "says HOSTILE",
            exits: &[1],
            own_policy: false,
        },
        Case {
            name: "escape-sequences",
            build: escapes,
            says: "name\\x1b[2J",
            exits: &[1],
            own_policy: false,
        },
        Case {
            name: "yaml-bomb",
            build: yaml_bomb,
            says: "facts::bad_yaml",
            exits: &[2],
            own_policy: false,
        },
        Case {
            name: "json-deep",
            build: json_deep,
            says: "facts::bad_json",
            exits: &[2],
            own_policy: false,
        },
        Case {
            name: "toml-deep",
            build: toml_deep,
            says: "facts::bad_toml",
            exits: &[2],
            own_policy: false,
        },
        Case {
            name: "corrupt-git",
            build: corrupt_git,
            says: "facts::git",
            exits: &[2],
            own_policy: false,
        },
        Case {
            name: "hostile-policy",
            build: hostile_policy,
            says: "policy::outside_repository",
            exits: &[2],
            own_policy: true,
        },
        Case {
            name: "deep-policy",
            build: deep_policy,
            says: "too_deep",
            exits: &[2],
            own_policy: true,
        },
        Case {
            name: "nul-policy",
            build: nul_policy,
            says: "unexpected characters",
            exits: &[2],
            own_policy: true,
        },
    ];
    if cfg!(unix) {
        all.extend([
            Case {
                name: "fifo",
                build: fifo,
                says: "facts::special_file",
                exits: &[0],
                own_policy: false,
            },
            Case {
                name: "non-utf8-name",
                build: latin1_name,
                says: "caf\\xe9.txt",
                exits: &[1],
                own_policy: false,
            },
            Case {
                name: "hostile-git-config",
                build: git_config,
                says: "checking",
                exits: &[0],
                own_policy: false,
            },
        ]);
    }
    all
}

#[cfg(unix)]
fn symlink_escape(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)?;
    std::os::unix::fs::symlink("/etc/hostname", dir.join("leak.txt"))
}

#[cfg(unix)]
fn symlink_loop(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)?;
    std::os::unix::fs::symlink("loop_b", dir.join("loop_a"))?;
    std::os::unix::fs::symlink("loop_a", dir.join("loop_b"))
}

#[cfg(not(unix))]
fn symlink_escape(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)
}

#[cfg(not(unix))]
fn symlink_loop(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)
}

fn sparse(dir: &Path, scale: Scale) -> std::io::Result<()> {
    base(dir)?;
    let size = match scale {
        Scale::Test => 64 << 20,
        Scale::Full => 2 << 30,
    };
    // Text at its head, so that the text rule must read it, and a hole after
    let file = std::fs::File::create(dir.join("huge.txt"))?;
    std::io::Write::write_all(&mut &file, b"HOSTILE text at the head\n")?;
    file.set_len(size)
}

fn many_files(dir: &Path, scale: Scale) -> std::io::Result<()> {
    base(dir)?;
    let n = match scale {
        Scale::Test => 5_000,
        Scale::Full => 100_000,
    };
    std::fs::create_dir(dir.join("flat"))?;
    for i in 0..n {
        std::fs::write(dir.join(format!("flat/f{i}.txt")), "fine\n")?;
    }
    std::fs::write(dir.join(format!("flat/f{}.txt", n / 2)), "HOSTILE\n")
}

fn deep_dirs(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)?;
    write(dir, &format!("{}bottom.txt", "d/".repeat(500)), "HOSTILE at the bottom\n")
}

fn latin1(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)?;
    write(dir, "latin1.txt", b"caf\xe9 HOSTILE\n")
}

#[cfg(unix)]
fn latin1_name(dir: &Path, _: Scale) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt as _;
    base(dir)?;
    std::fs::write(dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt")), "HOSTILE\n")
}

#[cfg(not(unix))]
fn latin1_name(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)
}

fn minified(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)?;
    write(
        dir,
        "dist/app.min.js",
        format!("{}HOSTILE{}\n", "a=1;".repeat(50_000), "b".repeat(70_000)),
    )
}

fn escapes(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)?;
    let evil = "\u{1b}[2J\u{1b}]0;pwned\u{7}\r\u{1b}[32mall rules passed\u{1b}[0m";
    let name = if cfg!(unix) { format!("name{evil}.txt") } else { "name.txt".to_string() };
    write(dir, &name, format!("HOSTILE {evil}\n"))
}

fn yaml_bomb(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)?;
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        if let [prev, name] = pair {
            let refs = vec![format!("*{prev}"); 9].join(",");
            let _ = writeln!(bomb, "{name}: &{name} [{refs}]");
        }
    }
    write(dir, "bomb.yml", bomb)
}

fn json_deep(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)?;
    write(dir, "deep.json", format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)))
}

fn toml_deep(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)?;
    write(dir, "deep.toml", format!("a = {}1{}\n", "[".repeat(100_000), "]".repeat(100_000)))
}

fn corrupt_git(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)?;
    write(dir, ".git/HEAD", "ref: refs/heads/\u{0}garbage\n")?;
    write(dir, ".git/config", "[core\nbroken")?;
    std::fs::create_dir_all(dir.join(".git/objects"))?;
    std::fs::create_dir_all(dir.join(".git/refs/heads"))?;
    write(dir, ".git/index", b"DIRC\x00\x00\x00\x02garbage")
}

/// A repository's own policy that tries to read outside the repository
fn hostile_policy(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)?;
    write(dir, ".tenet/policy.tenet", "tenet 1\nimport \"../../../../../../etc/passwd\"\n")
}

fn deep_policy(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)?;
    let deep =
        format!("tenet 1\nparam p: {}int{} = []\n", "list<".repeat(10_000), ">".repeat(10_000));
    write(dir, ".tenet/policy.tenet", deep)
}

fn nul_policy(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)?;
    write(dir, ".tenet/policy.tenet", [b"tenet 1\n".as_slice(), &vec![0u8; 100_000]].concat())
}

#[cfg(unix)]
fn fifo(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)?;
    let made = std::process::Command::new("mkfifo").arg(dir.join("pipe.txt")).status()?;
    if made.success() { Ok(()) } else { Err(std::io::Error::other("mkfifo failed")) }
}

#[cfg(not(unix))]
fn fifo(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)
}

/// A git config that would run a command if anything ran git's hooks or fsmonitor
fn git_config(dir: &Path, _: Scale) -> std::io::Result<()> {
    base(dir)?;
    let marker = dir.join("PWNED");
    write(dir, ".git/HEAD", "ref: refs/heads/main\n")?;
    std::fs::create_dir_all(dir.join(".git/objects"))?;
    std::fs::create_dir_all(dir.join(".git/refs/heads"))?;
    let config = format!(
        "[core]\n\trepositoryformatversion = 0\n\tfsmonitor = \"touch {m}\"\n\thooksPath = /tmp\n[include]\n\tpath = /etc/passwd\n[diff \"x\"]\n\ttextconv = touch {m}\n",
        m = marker.display()
    );
    write(dir, ".git/config", config)
}

/// A digest of everything in the tree (names, kinds, contents, link targets), to show
/// that tenet wrote nothing. Special files and unreadable ones count by name only.
pub(crate) fn tree_digest(dir: &Path) -> String {
    let mut lines = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let path = e.path();
            let rel = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().into_owned();
            let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
            if meta.is_dir() {
                lines.push(format!("d {rel}"));
                stack.push(path);
            } else if meta.file_type().is_symlink() {
                lines.push(format!("l {rel} {:?}", std::fs::read_link(&path).ok()));
            } else if meta.is_file() && meta.len() < (16 << 20) {
                let bytes = std::fs::read(&path).unwrap_or_default();
                let sum =
                    bytes.iter().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(*b)));
                lines.push(format!("f {rel} {} {sum}", bytes.len()));
            } else {
                lines.push(format!("s {rel} {}", meta.len()));
            }
        }
    }
    lines.sort();
    lines.join("\n")
}
