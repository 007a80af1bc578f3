//! The `licenses` provider: license files and what their text is, license metadata.
//! Declared now so policies type-check; computed by a later version (license detection).

use super::registry::Provider;
use super::{Compute, Fact};
use crate::model::schema::{RecordSchema, Sig, req};

/// The `license_file` record
pub static LICENSE_FILE: RecordSchema = RecordSchema {
    name: "license_file",
    fields: &[("path", "string", "the file"), ("license", "license", "what its text is")],
    methods: &[],
    element: None,
    located: true,
};

/// The `license` record
pub static LICENSE: RecordSchema = RecordSchema {
    name: "license",
    fields: &[
        ("id", "string", "best single SPDX id"),
        ("expr", "string", "SPDX expression, `NOASSERTION` below the threshold"),
        ("confidence", "float", "0 to 1"),
    ],
    methods: &[],
    element: None,
    located: false,
};

/// The `license_info` record
pub static LICENSE_INFO: RecordSchema = RecordSchema {
    name: "license_info",
    fields: &[
        (
            "category",
            "string",
            "permissive, weak-copyleft, strong-copyleft, network-copyleft, public-domain, source-available, proprietary or unknown",
        ),
        ("osi_approved", "bool", "OSI approved"),
        ("fsf_libre", "bool", "FSF free/libre"),
        ("deprecated", "bool", "deprecated SPDX id"),
    ],
    methods: &[],
    element: None,
    located: false,
};

/// Its facts and records
pub static PROVIDER: Provider = Provider {
    name: "licenses",
    facts: &[
        Fact {
            sig: Sig {
                name: "license_files",
                params: &[],
                ret: "list<license_file>",
                doc: "license file candidates with detected licenses",
            },
            compute: Compute::Unavailable,
            memo: true,
            lists_tree: true,
        },
        Fact {
            sig: Sig {
                name: "license_info",
                params: &[req("expr", "string")],
                ret: "license_info",
                doc: "category and flags of a license expression",
            },
            compute: Compute::Unavailable,
            memo: true,
            lists_tree: false,
        },
    ],
    records: &[&LICENSE_FILE, &LICENSE, &LICENSE_INFO],
};
