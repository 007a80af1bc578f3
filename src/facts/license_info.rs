//! `license_info(expr)`: the category and flags of a license expression. The category
//! table is data (rules/data/license-categories.toml, embedded); the flags come from the
//! SPDX list through the `spdx` crate. Pure: reads no repository.
//!
//! For an expression, `OR` takes the least restrictive side and `AND` the most restrictive
//! (SPEC §3); OSI and FSF flags hold when the chosen sides hold them.

use super::spdx_lenient::lenient;
use serde::Deserialize;
use spdx::expression::{ExprNode, Operator};
use spdx::{AdditionItem, Expression, LicenseItem, LicenseReq, ParseMode};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

/// The embedded category table
pub const CATEGORY_TABLE: &str = include_str!("../../rules/data/license-categories.toml");

/// A license category, least restrictive first (the order `OR` and `AND` pick by)
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Rights waived
    PublicDomain,
    /// Notice only
    Permissive,
    /// Changes to the licensed files stay open
    WeakCopyleft,
    /// The whole derived work takes the license
    StrongCopyleft,
    /// Strong copyleft reaching network users
    NetworkCopyleft,
    /// Source readable, use restricted
    SourceAvailable,
    /// No open source grant
    Proprietary,
    /// Not in the table: treated as the most restrictive
    Unknown,
}

impl Category {
    /// Every category, least restrictive first
    pub const ALL: [Category; 8] = [
        Category::PublicDomain,
        Category::Permissive,
        Category::WeakCopyleft,
        Category::StrongCopyleft,
        Category::NetworkCopyleft,
        Category::SourceAvailable,
        Category::Proprietary,
        Category::Unknown,
    ];

    /// Its name in policies
    pub fn name(self) -> &'static str {
        match self {
            Category::PublicDomain => "public-domain",
            Category::Permissive => "permissive",
            Category::WeakCopyleft => "weak-copyleft",
            Category::StrongCopyleft => "strong-copyleft",
            Category::NetworkCopyleft => "network-copyleft",
            Category::SourceAvailable => "source-available",
            Category::Proprietary => "proprietary",
            Category::Unknown => "unknown",
        }
    }

    fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// What `license_info` returns
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LicenseInfo {
    /// The category
    pub category: Category,
    /// OSI approved
    pub osi_approved: bool,
    /// FSF free/libre
    pub fsf_libre: bool,
    /// Uses a deprecated SPDX id
    pub deprecated: bool,
}

const UNKNOWN: LicenseInfo = LicenseInfo {
    category: Category::Unknown,
    osi_approved: false,
    fsf_libre: false,
    deprecated: false,
};

#[derive(Deserialize)]
struct TableFile {
    categories: BTreeMap<String, Vec<String>>,
    exceptions: BTreeMap<String, Vec<String>>,
}

/// The parsed table: category by id, and the exceptions that make strong copyleft weak
#[derive(Debug, Default)]
pub struct Table {
    /// Category by SPDX id (as written in the table)
    pub categories: HashMap<String, Category>,
    /// `WITH` exceptions that allow linking
    pub linking: HashSet<String>,
}

/// Parse a category table; an error names what is wrong
pub fn parse_table(text: &str) -> Result<Table, String> {
    let file: TableFile = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut table = Table::default();
    for (name, ids) in file.categories {
        let category =
            Category::from_name(&name).ok_or_else(|| format!("unknown category `{name}`"))?;
        for id in ids {
            if let Some(other) = table.categories.insert(id.clone(), category) {
                return Err(format!("`{id}` is in both `{}` and `{name}`", other.name()));
            }
        }
    }
    table.linking = file.exceptions.get("linking").into_iter().flatten().cloned().collect();
    Ok(table)
}

/// The embedded table. A broken table is a build defect caught by tests; at run time it
/// reads as an empty table (every license `unknown`) rather than a crash.
static TABLE: LazyLock<Table> = LazyLock::new(|| parse_table(CATEGORY_TABLE).unwrap_or_default());

/// The info of an SPDX expression, read leniently (`Apache 2` is `Apache-2.0`); text that
/// is no license expression (`NOASSERTION`, prose) is `unknown`
pub fn license_info(expr: &str) -> LicenseInfo {
    // As written first, so that a deprecated id (`GPL-2.0`) is seen as such; then leniently
    let parsed = Expression::parse_mode(expr.trim(), ParseMode::LAX)
        .ok()
        .or_else(|| lenient(expr).and_then(|c| Expression::parse_mode(&c, ParseMode::LAX).ok()));
    let Some(parsed) = parsed else { return UNKNOWN };
    // The expression is in postfix order: fold it on a stack.
    let mut stack: Vec<LicenseInfo> = Vec::new();
    for node in parsed.iter() {
        match node {
            ExprNode::Req(r) => stack.push(req_info(&TABLE, &r.req)),
            ExprNode::Op(op) => {
                let (Some(b), Some(a)) = (stack.pop(), stack.pop()) else { return UNKNOWN };
                stack.push(combine(*op, a, b));
            }
        }
    }
    match stack.as_slice() {
        [one] => *one,
        _ => UNKNOWN,
    }
}

/// `OR`: the less restrictive side; `AND`: the more restrictive side. Flags follow the
/// side chosen, or (for equal categories) hold when both sides hold them for `AND`, and
/// when either does for `OR`.
fn combine(op: Operator, a: LicenseInfo, b: LicenseInfo) -> LicenseInfo {
    let deprecated = a.deprecated || b.deprecated;
    let pick = match op {
        Operator::Or => a.category.cmp(&b.category).is_le(),
        Operator::And => a.category.cmp(&b.category).is_ge(),
    };
    let (chosen, other) = if pick { (a, b) } else { (b, a) };
    if chosen.category != other.category {
        return LicenseInfo { deprecated, ..chosen };
    }
    let both = |f: fn(&LicenseInfo) -> bool| match op {
        Operator::Or => f(&a) || f(&b),
        Operator::And => f(&a) && f(&b),
    };
    LicenseInfo {
        category: chosen.category,
        osi_approved: both(|i| i.osi_approved),
        fsf_libre: both(|i| i.fsf_libre),
        deprecated,
    }
}

/// One license (with its exception, if any)
fn req_info(table: &Table, req: &LicenseReq) -> LicenseInfo {
    let (name, flags) = match &req.license {
        LicenseItem::Spdx { id, .. } => (
            id.name.to_string(),
            (id.is_osi_approved(), id.is_fsf_free_libre(), id.is_deprecated()),
        ),
        LicenseItem::Other(r) => (format!("LicenseRef-{}", r.lic_ref), (false, false, false)),
    };
    let mut category = category_of(table, &name);
    if category == Category::StrongCopyleft
        && let Some(AdditionItem::Spdx(exc)) = &req.addition
        && table.linking.contains(exc.name)
    {
        category = Category::WeakCopyleft;
    }
    LicenseInfo { category, osi_approved: flags.0, fsf_libre: flags.1, deprecated: flags.2 }
}

/// The category of one id: as listed, or listed without its `-only`/`-or-later`/`+`
pub fn category_of(table: &Table, id: &str) -> Category {
    let base = id.trim_end_matches('+').trim_end_matches("-only").trim_end_matches("-or-later");
    table
        .categories
        .get(id)
        .or_else(|| table.categories.get(base))
        .copied()
        .unwrap_or(Category::Unknown)
}

#[cfg(test)]
mod tests {
    use super::{Category, license_info};

    #[track_caller]
    fn category(expr: &str) -> &'static str {
        license_info(expr).category.name()
    }

    #[test]
    fn single_licenses_take_their_category() {
        assert_eq!(category("MIT"), "permissive");
        assert_eq!(category("Apache 2"), "permissive");
        assert_eq!(category("GPL-3.0-or-later"), "strong-copyleft");
        assert_eq!(category("GPL-2.0+"), "strong-copyleft");
        assert_eq!(category("GPL-2.0"), "strong-copyleft");
        assert_eq!(category("AGPL-3.0-only"), "network-copyleft");
        assert_eq!(category("MPL-2.0"), "weak-copyleft");
        assert_eq!(category("CC0-1.0"), "public-domain");
        assert_eq!(category("SSPL-1.0"), "source-available");
        assert_eq!(category("LicenseRef-Proprietary"), "proprietary");
        assert_eq!(category("Glide"), "unknown");
        assert_eq!(category("NOASSERTION"), "unknown");
        assert_eq!(category("not a license"), "unknown");
    }

    #[test]
    fn or_takes_the_least_and_the_most_restrictive_side() {
        assert_eq!(category("MIT OR GPL-3.0-only"), "permissive");
        assert_eq!(category("MIT AND GPL-3.0-only"), "strong-copyleft");
        assert_eq!(category("(MIT OR Apache-2.0) AND MPL-2.0"), "weak-copyleft");
        assert_eq!(category("MIT AND Glide"), "unknown");
    }

    #[test]
    fn linking_exceptions_weaken_strong_copyleft() {
        assert_eq!(category("GPL-2.0-only WITH Classpath-exception-2.0"), "weak-copyleft");
        assert_eq!(category("Apache-2.0 WITH LLVM-exception"), "permissive");
    }

    #[test]
    fn flags_come_from_the_spdx_list() {
        let i = license_info("MIT");
        assert!(i.osi_approved && i.fsf_libre && !i.deprecated);
        assert!(license_info("GPL-2.0").deprecated);
        assert!(!license_info("SSPL-1.0").osi_approved);
        // OR: the chosen (less restrictive) side's flags
        assert!(license_info("SSPL-1.0 OR MIT").osi_approved);
        // AND of equal categories: both must hold
        assert!(!license_info("MIT AND JSON").osi_approved);
        assert_eq!(Category::ALL.len(), 8);
    }
}
