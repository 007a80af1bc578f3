//! Diagnostic codes: a typed enum, one variant per code. Each code is `phase::snake_name`,
//! has a one-line summary here and a heading in docs/diagnostics.md (tests/codes.rs checks
//! both). A code is never renamed once released.

macro_rules! codes {
    ($($variant:ident = $code:literal, $summary:literal;)*) => {
        /// A diagnostic code of tenet itself (findings carry their rule id instead)
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $(#[doc = $summary] $variant),* }

        impl Code {
            /// Every code
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The written form, e.g. `check::unknown_fact`
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code),* }
            }

            /// One line saying what it means
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary),* }
            }
        }
    };
}

codes! {
    SyntaxUnexpectedChar = "syntax::unexpected_char", "a character that starts no token";
    SyntaxUnclosedString = "syntax::unclosed_string", "a string literal without its closing quote";
    SyntaxBadEscape = "syntax::bad_escape", "an unknown escape sequence in a string";
    SyntaxBadNumber = "syntax::bad_number", "a malformed number, duration, size or date literal";
    SyntaxUnclosedRegex = "syntax::unclosed_regex", "a regex literal without its closing slash";
    SyntaxExpected = "syntax::expected", "the parser expected something else here";
    SyntaxMissingVersion = "syntax::missing_version", "the file does not start with `tenet 1`";
    SyntaxUnsupportedVersion = "syntax::unsupported_version", "a language version this tenet does not know";
    SyntaxChainedComparison = "syntax::chained_comparison", "comparisons do not chain";
    SyntaxBadTemplate = "syntax::bad_template", "a malformed `{…}` interpolation in a template";
    SyntaxTooDeep = "syntax::too_deep", "an expression nested too deeply to read safely";
    CheckUnknownName = "check::unknown_name", "a name that is neither a variable, let, param nor helper";
    CheckUnknownFact = "check::unknown_fact", "a call to a function that does not exist";
    CheckUnknownField = "check::unknown_field", "a field that the value's type does not have";
    CheckUnknownMethod = "check::unknown_method", "a method that the value's type does not have";
    CheckArity = "check::arity", "a call with the wrong number of arguments";
    CheckUnknownArgument = "check::unknown_argument", "a named argument the function does not take";
    CheckTypeMismatch = "check::type_mismatch", "a value of the wrong type";
    CheckOptionalUse = "check::optional_use", "an optional value used before it was narrowed";
    CheckBadRegex = "check::bad_regex", "a regex literal the regex engine rejects";
    CheckBadGlob = "check::bad_glob", "a glob pattern that does not compile";
    CheckUnknownSeverity = "check::unknown_severity", "a severity other than error, warning or note";
    CheckUnknownType = "check::unknown_type", "a type name that does not exist";
    CheckDuplicateRule = "check::duplicate_rule", "two rules with the same id";
    CheckDuplicateName = "check::duplicate_name", "two lets or params with the same name in one file";
    CheckDuplicateClause = "check::duplicate_clause", "a clause that may appear once is repeated";
    CheckClauseOrder = "check::clause_order", "a clause out of the canonical order";
    CheckMissingCheck = "check::missing_check", "a rule without `require` or `forbid`";
    CheckUnusedLet = "check::unused_let", "a `let` that nothing reads";
    CheckUnusedParam = "check::unused_param", "a `param` that nothing reads";
    CheckUnknownRule = "check::unknown_rule", "a waiver or test that names no rule";
    CheckBadRuleId = "check::bad_rule_id", "a rule id that is not kebab-case segments joined by `/`";
    CheckWaiverField = "check::waiver_field", "a missing, repeated or unknown field in a waiver";
    CheckBadDate = "check::bad_date", "a date literal that is not a real calendar date";
    CheckShadowed = "check::shadowed", "a loop variable that hides another name";
    CheckMissingDefault = "check::missing_default", "a param that is neither optional nor given a default";
    CheckTooDeep = "check::too_deep", "lets defined through too long a chain of other lets";
    CheckLetCycle = "check::let_cycle", "lets defined in terms of each other";
    CheckTestFixture = "check::test_fixture", "a test without exactly one fixture, or whose fixture directory does not exist";
    CheckDuplicateTest = "check::duplicate_test", "two tests with the same name in one file";
    CheckUnavailableFact = "check::unavailable_fact", "a call to a fact this version of tenet does not compute yet";
    PolicyImportNotFound = "policy::import_not_found", "an import that names no file or pack";
    PolicyImportCycle = "policy::import_cycle", "files that import each other";
    PolicyUnknownParam = "policy::unknown_param", "a `with` or `--set` for a param that does not exist";
    PolicyAmbiguousParam = "policy::ambiguous_param", "a `--set` name declared by more than one file";
    PolicyBadSet = "policy::bad_set", "a `--set` value that does not parse or has the wrong type";
    PolicyIo = "policy::io", "a policy file that could not be read";
    PolicyTooManyDiagnostics = "policy::too_many_diagnostics", "a policy file with more problems than are shown";
    PolicyExpiredWaiver = "policy::expired_waiver", "a waiver past its expiry date";
    PolicyUnusedWaiver = "policy::unused_waiver", "a waiver that matched no violation";
    PolicyIgnoredWaiver = "policy::ignored_waiver", "a repository's own waiver of a central rule, ignored because the central policy does not trust local waivers";
    PolicyNoPolicy = "policy::no_policy", "a policy directory without any .tenet file";
    PolicyOutsideRepository = "policy::outside_repository", "a repository's own policy that loads a file from outside the repository";
    ScanLocalPolicy = "scan::local_policy", "a repository's own policy has errors, so `tenet scan` did not evaluate that repository";
    EvalFuelExhausted = "eval::fuel_exhausted", "a rule ran out of its step budget";
    EvalTypeError = "eval::type_error", "a value of the wrong type met at run time";
    EvalFactFailed = "eval::fact_failed", "a fact the rule needed could not be computed";
    EvalBadGlob = "eval::bad_glob", "a glob built at run time does not compile";
    EvalBadLocation = "eval::bad_location", "an `at` expression that is not a location";
    EvalOverflow = "eval::overflow", "arithmetic overflowed";
    EvalDivisionByZero = "eval::division_by_zero", "division or remainder by zero";
    EvalIndexOutOfRange = "eval::index_out_of_range", "a list index past its end";
    EvalInternal = "eval::internal", "a bug in tenet";
    FactsIo = "facts::io", "a file that could not be read";
    FactsNotUtf8 = "facts::not_utf8", "a text file that is not UTF-8";
    FactsTooLarge = "facts::too_large", "a file over the size cap";
    FactsSymlinkEscape = "facts::symlink_escape", "a symlink that points out of the repository";
    FactsWalk = "facts::walk", "a directory the walk could not list";
    FactsSpecialFile = "facts::special_file", "a FIFO, socket or device in the tree, listed but never read";
    FactsGit = "facts::git", "a git repository, index, revision or object that could not be read";
    FactsBadJson = "facts::bad_json", "a JSON document that does not parse";
    FactsBadYaml = "facts::bad_yaml", "a YAML document that does not parse";
    FactsBadToml = "facts::bad_toml", "a TOML document that does not parse";
    FactsDataNotFound = "facts::data_not_found", "a `data(name)` file that is not beside the policy";
    FactsIncomplete = "facts::incomplete", "a rule listed files of a tree that could not be listed completely";
    FactsLicenseData = "facts::license_data", "the license detection data could not be loaded";
    FactsReuseConfig = "facts::reuse_config", "a REUSE.toml or .reuse/dep5 that REUSE cannot read";
    FactsVendorList = "facts::vendor_list", "a Go vendor/modules.txt that is malformed or names a module outside vendor/";
    FactsUnavailable = "facts::unavailable", "a fact this build of tenet does not compute yet";
    FactsNoHistory = "facts::no_history", "history facts asked of a directory outside git or of a repository with no commit";
    FactsShallow = "facts::shallow", "a history walk that reached the boundary of a shallow clone";
}

impl Code {
    /// Look a code up by its written form
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s)
    }

    /// The phase it belongs to: `syntax`, `check`, `policy`, `eval` or `facts`
    pub fn phase(self) -> &'static str {
        self.as_str().split("::").next().unwrap_or_default()
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}
