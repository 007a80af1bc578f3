//! `tenet merge`: shard reports joined into the report an unsharded scan would have
//! written. Reports of different tool versions or policies are refused outright; a shard
//! missing or given twice still yields a report, marked `complete: false`, so a failed
//! matrix job can never produce a report that looks whole.

use super::summary::Tally;
use super::wire::{self, Report, Scan};
use std::collections::BTreeSet;

/// A merged report and what is wrong with the set of shards
#[derive(Debug)]
pub struct Merged {
    /// The merged report; `complete` is false when `problems` is not empty
    pub report: Report,
    /// Missing and duplicated shards, one sentence each
    pub problems: Vec<String>,
}

/// Merge `reports`, each named for messages. Fails when there is nothing to merge, when the
/// reports come from different tool versions or policies, or are not all shards of one
/// split (or all unsharded).
pub fn merge(reports: Vec<(String, Report)>) -> Result<Merged, String> {
    let Some((first_name, first)) = reports.first() else {
        return Err("no report to merge".to_string());
    };
    let digest = |name: &str, r: &Report| {
        r.scan.as_ref().map(|s| s.policy_digest.clone()).ok_or_else(|| {
            format!("`{name}` is not a report of `tenet scan` (it records no policy digest)")
        })
    };
    let version = first.tool.version.clone();
    let policy = digest(first_name, first)?;
    let count = first.scan.as_ref().and_then(|s| s.shard).map(|s| s.count);
    for (name, r) in &reports {
        if r.tool.version != version {
            return Err(format!(
                "`{name}` was written by tenet {}, `{first_name}` by tenet {version}: merge reports of one version",
                r.tool.version
            ));
        }
        if digest(name, r)? != policy {
            return Err(format!(
                "`{name}` was scanned with another policy than `{first_name}`: merge shards of one scan"
            ));
        }
        let this = r.scan.as_ref().and_then(|s| s.shard).map(|s| s.count);
        if this != count {
            return Err(format!(
                "`{name}` and `{first_name}` are not shards of one split ({} and {})",
                split(this),
                split(count)
            ));
        }
    }
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    let mut repositories = Vec::new();
    let mut policy_diags: Option<Vec<wire::Diagnostic>> = None;
    let mut complete = true;
    let mut scanned_at: Option<String> = None;
    // Shards of one policy have the same waivers; whether one has expired is told as at
    // the earliest scan, the time the merged report gives
    let mut waivers = Vec::new();
    for (name, r) in reports {
        if let Some(shard) = r.scan.as_ref().and_then(|s| s.shard)
            && !seen.insert(shard.index)
        {
            problems.push(format!(
                "shard {}/{} is given twice (again in `{name}`)",
                shard.index, shard.count
            ));
            continue;
        }
        complete &= r.complete;
        if scanned_at.as_ref().is_none_or(|t| r.scanned_at < *t) {
            scanned_at = Some(r.scanned_at.clone());
            waivers = r.waivers;
        }
        // A waiver unused in one shard may be used in another: keep the policy findings
        // every shard reports (an expired waiver is reported by all of them).
        policy_diags = Some(match policy_diags {
            None => r.policy,
            Some(kept) => kept.into_iter().filter(|d| r.policy.contains(d)).collect(),
        });
        repositories.extend(r.repositories);
    }
    if let Some(count) = count {
        let missing: Vec<String> =
            (1..=count).filter(|i| !seen.contains(i)).map(|i| format!("{i}/{count}")).collect();
        if !missing.is_empty() {
            problems.push(format!("shard {} is missing", missing.join(", ")));
        }
    }
    repositories.sort_by(|a, b| a.path.cmp(&b.path));
    let mut tally = Tally::default();
    for r in &repositories {
        tally.add(r);
    }
    let report = Report {
        schema: wire::SCHEMA,
        tool: wire::Tool { name: "tenet".to_string(), version },
        scanned_at: scanned_at.unwrap_or_default(),
        complete: complete && problems.is_empty(),
        scan: Some(Scan { policy_digest: policy, shard: None }),
        repositories,
        policy: policy_diags.unwrap_or_default(),
        waivers,
        summary: tally.summary(),
    };
    Ok(Merged { report, problems })
}

fn split(count: Option<u32>) -> String {
    count.map_or_else(|| "unsharded".to_string(), |n| format!("{n} shards"))
}
