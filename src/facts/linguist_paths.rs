//! The paths GitHub Linguist leaves out of language statistics without being told:
//! vendored code and documentation. These are Linguist's own regular expressions over the
//! `/`-separated path (lib/linguist/vendor.yml and documentation.yml), so that
//! `languages()` agrees with what GitHub shows; `.gitattributes` can still override them
//! (`linguist-vendored=false`, `linguist-documentation=false`).
//!
//! Compiling all of them into one regex set cost more than listing and reading a
//! 500-file repository, on every run that asks for `languages()`. So each pattern is paired
//! with a literal its every match contains (its needle, compared ignoring ASCII case); one
//! Aho-Corasick pass over the path finds the needles present, and only the patterns whose
//! needle is there are compiled — once per process, when first needed — and run.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::bytes::{Regex, RegexBuilder};
use std::sync::OnceLock;

/// A Linguist pattern: a literal every match contains, and the regex itself
type Pattern = (&'static str, &'static str);

/// Linguist's vendor.yml
const VENDORED: &[(&str, &str)] = &[
    ("cache/", r"(^|/)cache/"),
    ("dependencies/", r"^[Dd]ependencies/"),
    ("dist/", r"(^|/)dist/"),
    ("deps/", r"^deps/"),
    ("tools/", r"^tools/"),
    ("configure", r"(^|/)configure$"),
    ("config.guess", r"(^|/)config\.guess$"),
    ("config.sub", r"(^|/)config\.sub$"),
    ("aclocal.m4", r"(^|/)aclocal\.m4"),
    ("libtool.m4", r"(^|/)libtool\.m4"),
    ("ltoptions.m4", r"(^|/)ltoptions\.m4"),
    ("ltsugar.m4", r"(^|/)ltsugar\.m4"),
    ("ltversion.m4", r"(^|/)ltversion\.m4"),
    ("lt~obsolete.m4", r"(^|/)lt~obsolete\.m4"),
    ("cpplint.py", r"cpplint\.py"),
    ("node_modules/", r"node_modules/"),
    ("bower_components/", r"bower_components/"),
    ("rebar", r"^rebar$"),
    ("erlang.mk", r"erlang\.mk"),
    ("godeps/_workspace/", r"Godeps/_workspace/"),
    ("min.", r"(\.|-)min\.(js|css)$"),
    ("import.", r"([^\s]*)import\.(css|less|scss|styl)$"),
    ("bootstrap", r"(^|/)bootstrap([^.]*)\.(js|css|less|scss|styl)$"),
    ("custom.bootstrap", r"(^|/)custom\.bootstrap([^\s]*)(js|css|less|scss|styl)$"),
    ("font-awesome.", r"(^|/)font-awesome\.(css|less|scss|styl)$"),
    ("foundation.", r"(^|/)foundation\.(css|less|scss|styl)$"),
    ("normalize.", r"(^|/)normalize\.(css|less|scss|styl)$"),
    ("bourbon/", r"(^|/)[Bb]ourbon/.*\.(css|less|scss|styl)$"),
    ("animate.", r"(^|/)animate\.(css|less|scss|styl)$"),
    ("party/", r"third[-_]?party/"),
    ("party/", r"3rd[-_]?party/"),
    ("vendor", r"vendors?/"),
    ("extern", r"extern(al)?/"),
    ("endor/", r"(^|/)[Vv]+endor/"),
    ("debian/", r"^debian/"),
    ("run.n", r"run\.n$"),
    ("bootstrap-datepicker/", r"bootstrap-datepicker/"),
    ("jquery", r"(^|/)jquery([^.]*)\.js$"),
    ("jquery-", r"(^|/)jquery\-\d\.\d+(\.\d+)?\.js$"),
    ("jquery-ui", r"(^|/)jquery\-ui(\-\d\.\d+(\.\d+)?)?(\.\w+)?\.(js|css)$"),
    ("jquery.", r"(^|/)jquery\.(ui|effects)\.([^.]*)\.(js|css)$"),
    ("prototype", r"(^|/)prototype(.*)\.js$"),
    (".d.ts", r"(.*?)\.d\.ts$"),
    ("dojo.js", r"(^|/)dojo\.js$"),
    ("ckeditor.js", r"(^|/)ckeditor\.js$"),
    ("tiny_mce", r"(^|/)tiny_mce([^.]*)\.js$"),
    ("ace-builds/", r"(^|/)ace-builds/"),
    ("mathjax/", r"(^|/)MathJax/"),
    ("chart.js", r"(^|/)Chart\.js$"),
    ("angular", r"(^|/)angular([^.]*)\.js$"),
    ("d3", r"(^|\/)d3(\.v\d+)?([^.]*)\.js$"),
    ("react", r"(^|/)react(-[^.]*)?\.js$"),
    ("modernizr-", r"(^|/)modernizr\-\d\.\d+(\.\d+)?\.js$"),
    ("doc", r"(^|/)docs?/_?(build|themes?|templates?|static)/"),
    ("admin_media/", r"(^|/)admin_media/"),
    ("env/", r"(^|/)env/"),
    ("fabfile.py", r"^fabfile\.py$"),
    ("waf", r"^waf$"),
    (".xctemplate/", r"\.xctemplate/"),
    (".imageset/", r"\.imageset/"),
    ("carthage/", r"^Carthage/"),
    ("pods/", r"^Pods/"),
    ("sparkle/", r"(^|/)Sparkle/"),
    ("gradlew", r"(^|/)gradlew$"),
    ("gradlew.bat", r"(^|/)gradlew\.bat$"),
    ("gradle/wrapper/", r"(^|/)gradle/wrapper/"),
    ("-vsdoc.js", r"-vsdoc\.js$"),
    (".intellisense.js", r"\.intellisense\.js$"),
    ("packages/", r"^[Pp]ackages/.+\.\d+/"),
    ("extjs/", r"(^|/)extjs/"),
    ("html5shiv.js", r"(^|/)html5shiv\.js$"),
    ("/fixtures/", r"^[Tt]ests?/fixtures/"),
    ("/fixtures/", r"^[Ss]pecs?/fixtures/"),
    ("cordova", r"(^|/)cordova([^.]*)\.js$"),
    ("vagrantfile", r"^Vagrantfile$"),
    ("vignettes/", r"^vignettes/"),
    ("inst/extdata/", r"^inst/extdata/"),
    ("puphpet/", r"^puphpet/"),
    (".google_apis/", r"(^|/)\.google_apis/"),
    ("jenkinsfile", r"^Jenkinsfile$"),
];

/// Linguist's documentation.yml
const DOCUMENTATION: &[(&str, &str)] = &[
    ("doc", r"^[Dd]ocs?/"),
    ("documentation/", r"(^|/)[Dd]ocumentation/"),
    ("groovydoc/", r"(^|/)[Gg]roovydoc/"),
    ("javadoc/", r"(^|/)[Jj]avadoc/"),
    ("man/", r"^[Mm]an/"),
    ("examples/", r"^[Ee]xamples/"),
    ("sample", r"^[Ss]amples?/"),
    ("change", r"(^|/)CHANGE(S|LOG)?(\.|$)"),
    ("contributing", r"(^|/)CONTRIBUTING(\.|$)"),
    ("copying", r"(^|/)COPYING(\.|$)"),
    ("install", r"(^|/)INSTALL(\.|$)"),
    ("licen", r"(^|/)LICEN[CS]E(\.|$)"),
    ("licen", r"(^|/)[Ll]icen[cs]e(\.|$)"),
    ("readme", r"(^|/)README(\.|$)"),
    ("readme", r"(^|/)[Rr]eadme(\.|$)"),
];

/// One of Linguist's pattern lists, matched needle first
struct PathSet {
    patterns: &'static [Pattern],
    /// `None` only if the needles could not be built; then nothing matches, as before
    needles: Option<AhoCorasick>,
    /// Each pattern's regex, compiled when a path first holds its needle
    regexes: Vec<OnceLock<Option<Regex>>>,
}

impl PathSet {
    fn new(patterns: &'static [Pattern]) -> Self {
        let needles = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(patterns.iter().map(|(needle, _)| needle))
            .ok();
        PathSet { patterns, needles, regexes: patterns.iter().map(|_| OnceLock::new()).collect() }
    }

    fn is_match(&self, path: &str) -> bool {
        let Some(needles) = &self.needles else { return false };
        needles
            .find_overlapping_iter(path)
            .any(|m| self.pattern_matches(m.pattern().as_usize(), path))
    }

    fn pattern_matches(&self, i: usize, path: &str) -> bool {
        let (Some(cell), Some((_, source))) = (self.regexes.get(i), self.patterns.get(i)) else {
            return false;
        };
        cell.get_or_init(|| regex(source)).as_ref().is_some_and(|r| r.is_match(path.as_bytes()))
    }
}

/// Byte-oriented and ASCII-only (`\w`, `\d`, `\s` as Linguist's Ruby regexes read them)
fn regex(source: &str) -> Option<Regex> {
    RegexBuilder::new(source).unicode(false).build().ok()
}

/// Linguist treats the file as vendored code
pub(super) fn is_vendored(path: &str) -> bool {
    static SET: OnceLock<PathSet> = OnceLock::new();
    SET.get_or_init(|| PathSet::new(VENDORED)).is_match(path)
}

/// Linguist treats the file as documentation
pub(super) fn is_documentation(path: &str) -> bool {
    static SET: OnceLock<PathSet> = OnceLock::new();
    SET.get_or_init(|| PathSet::new(DOCUMENTATION)).is_match(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::bytes::RegexSetBuilder;

    #[test]
    fn every_pattern_and_needle_compiles() {
        for list in [VENDORED, DOCUMENTATION] {
            assert!(PathSet::new(list).needles.is_some());
            for (needle, source) in list {
                assert!(regex(source).is_some(), "{source}");
                assert!(!needle.is_empty() && needle.is_ascii(), "{source}");
            }
        }
    }

    /// The needle is spelled in the pattern, outside any `[..]` class or escape: a typo in
    /// the table would make the pattern unreachable
    #[test]
    fn every_needle_is_written_in_its_pattern() {
        for (needle, source) in VENDORED.iter().chain(DOCUMENTATION) {
            let plain = source
                .replace("[Dd]", "d")
                .replace("[Vv]", "v")
                .replace("[Bb]", "b")
                .replace("[Gg]", "g")
                .replace("[Jj]", "j")
                .replace("[Mm]", "m")
                .replace("[Ee]", "e")
                .replace("[Ss]", "s")
                .replace("[Tt]", "t")
                .replace("[Pp]", "p")
                .replace("[Ll]", "l")
                .replace("[Rr]", "r")
                .replace("\\.", ".")
                .replace("\\-", "-")
                .replace("\\/", "/")
                .to_ascii_lowercase();
            assert!(plain.contains(needle), "{needle:?} is not in {source}");
        }
    }

    /// Paths built from the words the patterns name, in several cases and depths
    fn paths() -> Vec<String> {
        let dirs = [
            "",
            "a/",
            "src/",
            "docs/",
            "Doc/",
            "doc/_build/",
            "docs/themes/",
            "vendor/",
            "Vendors/",
            "VVendor/",
            "third-party/",
            "3rd_party/",
            "external/",
            "extern/",
            "node_modules/x/",
            "cache/",
            "dist/",
            "deps/",
            "tools/",
            "Dependencies/",
            "debian/",
            "env/",
            "Pods/",
            "Carthage/",
            "tests/fixtures/",
            "Specs/fixtures/",
            "packages/foo.1/",
            "Packages/a/",
            "gradle/wrapper/",
            "Godeps/_workspace/",
            "MathJax/",
            "Bourbon/",
            "examples/",
            "Samples/",
            "man/",
            "Documentation/",
            "javadoc/",
            "groovydoc/",
            "inst/extdata/",
            "vignettes/",
            "a.xctemplate/",
            "x.imageset/",
            ".google_apis/",
            "extjs/",
            "Sparkle/",
        ];
        let files = [
            "main.rs",
            "configure",
            "config.guess",
            "aclocal.m4",
            "lt~obsolete.m4",
            "cpplint.py",
            "rebar",
            "erlang.mk",
            "app.min.js",
            "x-min.css",
            "import.less",
            "bootstrap.css",
            "bootstrap-theme.js",
            "custom.bootstrap.scss",
            "font-awesome.css",
            "normalize.css",
            "animate.styl",
            "run.n",
            "jquery.js",
            "jquery-3.1.1.js",
            "jquery-ui-1.8.js",
            "jquery.ui.core.css",
            "prototype-1.js",
            "types.d.ts",
            "dojo.js",
            "ckeditor.js",
            "tiny_mce_src.js",
            "Chart.js",
            "angular.min.js",
            "d3.v4.js",
            "react-dom.js",
            "modernizr-2.6.js",
            "fabfile.py",
            "waf",
            "gradlew",
            "gradlew.bat",
            "x-vsdoc.js",
            "a.intellisense.js",
            "html5shiv.js",
            "cordova-2.js",
            "Vagrantfile",
            "Jenkinsfile",
            "CHANGELOG.md",
            "CHANGES",
            "CONTRIBUTING.md",
            "COPYING",
            "INSTALL.txt",
            "LICENSE",
            "licence.md",
            "README",
            "readme.rst",
            "Readme.txt",
            "docs.rs",
            "JQUERY.JS",
        ];
        let mut out = Vec::new();
        for d in dirs {
            for e in dirs {
                for f in files {
                    out.push(format!("{d}{e}{f}"));
                }
            }
        }
        out
    }

    #[test]
    fn needles_first_agrees_with_the_whole_regex_set() {
        for list in [VENDORED, DOCUMENTATION] {
            let sources = list.iter().map(|(_, source)| source);
            let whole = RegexSetBuilder::new(sources).unicode(false).build().unwrap();
            let ours = PathSet::new(list);
            let (mut hits, mut all) = (0, 0);
            for path in paths() {
                let want = whole.is_match(path.as_bytes());
                assert_eq!(ours.is_match(&path), want, "{path}");
                hits += usize::from(want);
                all += 1;
            }
            // The corpus exercises both answers, not just one
            assert!(hits > all / 10 && hits < all, "{hits} of {all}");
        }
    }

    #[test]
    fn linguist_default_paths() {
        for p in ["node_modules/a.js", "vendor/x.go", "third_party/z/a.c", "web/jquery.min.js"] {
            assert!(is_vendored(p), "{p}");
        }
        for p in ["doc/api.js", "docs/index.js", "Documentation/x.py", "examples/a.rb"] {
            assert!(is_documentation(p), "{p}");
        }
        for p in ["src/main.cpp", "lib/doc.js", "src/docs.rs"] {
            assert!(!is_vendored(p) && !is_documentation(p), "{p}");
        }
    }
}
