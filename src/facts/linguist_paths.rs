//! The paths GitHub Linguist leaves out of language statistics without being told:
//! vendored code and documentation. These are Linguist's own regular expressions over the
//! `/`-separated path (lib/linguist/vendor.yml and documentation.yml), so that
//! `languages()` agrees with what GitHub shows; `.gitattributes` can still override them
//! (`linguist-vendored=false`, `linguist-documentation=false`).

use regex::bytes::{RegexSet, RegexSetBuilder};
use std::sync::OnceLock;

/// Linguist's vendor.yml
const VENDORED: &[&str] = &[
    r"(^|/)cache/",
    r"^[Dd]ependencies/",
    r"(^|/)dist/",
    r"^deps/",
    r"^tools/",
    r"(^|/)configure$",
    r"(^|/)config\.guess$",
    r"(^|/)config\.sub$",
    r"(^|/)aclocal\.m4",
    r"(^|/)libtool\.m4",
    r"(^|/)ltoptions\.m4",
    r"(^|/)ltsugar\.m4",
    r"(^|/)ltversion\.m4",
    r"(^|/)lt~obsolete\.m4",
    r"cpplint\.py",
    r"node_modules/",
    r"bower_components/",
    r"^rebar$",
    r"erlang\.mk",
    r"Godeps/_workspace/",
    r"(\.|-)min\.(js|css)$",
    r"([^\s]*)import\.(css|less|scss|styl)$",
    r"(^|/)bootstrap([^.]*)\.(js|css|less|scss|styl)$",
    r"(^|/)custom\.bootstrap([^\s]*)(js|css|less|scss|styl)$",
    r"(^|/)font-awesome\.(css|less|scss|styl)$",
    r"(^|/)foundation\.(css|less|scss|styl)$",
    r"(^|/)normalize\.(css|less|scss|styl)$",
    r"(^|/)[Bb]ourbon/.*\.(css|less|scss|styl)$",
    r"(^|/)animate\.(css|less|scss|styl)$",
    r"third[-_]?party/",
    r"3rd[-_]?party/",
    r"vendors?/",
    r"extern(al)?/",
    r"(^|/)[Vv]+endor/",
    r"^debian/",
    r"run\.n$",
    r"bootstrap-datepicker/",
    r"(^|/)jquery([^.]*)\.js$",
    r"(^|/)jquery\-\d\.\d+(\.\d+)?\.js$",
    r"(^|/)jquery\-ui(\-\d\.\d+(\.\d+)?)?(\.\w+)?\.(js|css)$",
    r"(^|/)jquery\.(ui|effects)\.([^.]*)\.(js|css)$",
    r"(^|/)prototype(.*)\.js$",
    r"(.*?)\.d\.ts$",
    r"(^|/)dojo\.js$",
    r"(^|/)ckeditor\.js$",
    r"(^|/)tiny_mce([^.]*)\.js$",
    r"(^|/)ace-builds/",
    r"(^|/)MathJax/",
    r"(^|/)Chart\.js$",
    r"(^|/)angular([^.]*)\.js$",
    r"(^|\/)d3(\.v\d+)?([^.]*)\.js$",
    r"(^|/)react(-[^.]*)?\.js$",
    r"(^|/)modernizr\-\d\.\d+(\.\d+)?\.js$",
    r"(^|/)docs?/_?(build|themes?|templates?|static)/",
    r"(^|/)admin_media/",
    r"(^|/)env/",
    r"^fabfile\.py$",
    r"^waf$",
    r"\.xctemplate/",
    r"\.imageset/",
    r"^Carthage/",
    r"^Pods/",
    r"(^|/)Sparkle/",
    r"(^|/)gradlew$",
    r"(^|/)gradlew\.bat$",
    r"(^|/)gradle/wrapper/",
    r"-vsdoc\.js$",
    r"\.intellisense\.js$",
    r"^[Pp]ackages/.+\.\d+/",
    r"(^|/)extjs/",
    r"(^|/)html5shiv\.js$",
    r"^[Tt]ests?/fixtures/",
    r"^[Ss]pecs?/fixtures/",
    r"(^|/)cordova([^.]*)\.js$",
    r"^Vagrantfile$",
    r"^vignettes/",
    r"^inst/extdata/",
    r"^puphpet/",
    r"(^|/)\.google_apis/",
    r"^Jenkinsfile$",
];

/// Linguist's documentation.yml
const DOCUMENTATION: &[&str] = &[
    r"^[Dd]ocs?/",
    r"(^|/)[Dd]ocumentation/",
    r"(^|/)[Gg]roovydoc/",
    r"(^|/)[Jj]avadoc/",
    r"^[Mm]an/",
    r"^[Ee]xamples/",
    r"^[Ss]amples?/",
    r"(^|/)CHANGE(S|LOG)?(\.|$)",
    r"(^|/)CONTRIBUTING(\.|$)",
    r"(^|/)COPYING(\.|$)",
    r"(^|/)INSTALL(\.|$)",
    r"(^|/)LICEN[CS]E(\.|$)",
    r"(^|/)[Ll]icen[cs]e(\.|$)",
    r"(^|/)README(\.|$)",
    r"(^|/)[Rr]eadme(\.|$)",
];

/// Byte-oriented and ASCII-only (`\w`, `\d`, `\s` as Linguist's Ruby regexes read them):
/// Unicode classes made building the set cost several milliseconds per run
fn set(patterns: &[&str]) -> Option<RegexSet> {
    RegexSetBuilder::new(patterns).unicode(false).build().ok()
}

/// Linguist treats the file as vendored code
pub(super) fn is_vendored(path: &str) -> bool {
    static SET: OnceLock<Option<RegexSet>> = OnceLock::new();
    SET.get_or_init(|| set(VENDORED)).as_ref().is_some_and(|s| s.is_match(path.as_bytes()))
}

/// Linguist treats the file as documentation
pub(super) fn is_documentation(path: &str) -> bool {
    static SET: OnceLock<Option<RegexSet>> = OnceLock::new();
    SET.get_or_init(|| set(DOCUMENTATION)).as_ref().is_some_and(|s| s.is_match(path.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        assert!(set(VENDORED).is_some());
        assert!(set(DOCUMENTATION).is_some());
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
