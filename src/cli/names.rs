//! The names a filter can use, and the usage error for a name that is none of them
//! (with the closest names, by edit distance).

use nlscope::families::hand;
use nlscope::families::schema::gen::{GENL_FAMILIES, RAW_SPECS};
use nlscope::wire::protocol::Protocol;

/// Netlink protocols (lower case, as the command line writes them) and the
/// generic-netlink families nlscope has tables for.
pub fn families() -> impl Iterator<Item = String> {
    Protocol::all().filter_map(Protocol::cli_name).chain(
        GENL_FAMILIES
            .iter()
            .chain(hand::genl_families())
            .map(|f| f.name.to_owned()),
    )
}

/// Every message type and generic-netlink command name of the tables.
pub fn message_types() -> Vec<String> {
    let mut v: Vec<&str> = vec!["NLMSG_NOOP", "NLMSG_ERROR", "NLMSG_DONE", "NLMSG_OVERRUN"];
    v.extend(RAW_SPECS.iter().flat_map(|s| s.msgs).map(|m| m.name));
    for (_, t) in hand::message_tables() {
        v.extend(t.iter().map(|m| m.name));
    }
    v.extend(
        GENL_FAMILIES
            .iter()
            .chain(hand::genl_families())
            .flat_map(|f| f.cmds)
            .map(|m| m.name),
    );
    v.extend(
        hand::extra_genl_cmds()
            .iter()
            .flat_map(|(_, t)| *t)
            .map(|m| m.name),
    );
    let mut v: Vec<String> = v.into_iter().map(str::to_owned).collect();
    v.sort();
    v.dedup();
    v
}

/// Levenshtein distance, ignoring case.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(usize::MAX) + usize::from(ca != cb);
            let del = prev
                .get(j + 1)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let ins = cur.get(j).copied().unwrap_or(usize::MAX).saturating_add(1);
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// The usage error for `given`, which is no `what` of `known`: names the (up to 5)
/// closest known names.
pub fn unknown(what: &str, given: &str, known: &[String]) -> String {
    let mut near: Vec<(usize, &String)> = known.iter().map(|k| (distance(given, k), k)).collect();
    near.sort();
    let best: Vec<&str> = near.iter().take(5).map(|(_, k)| k.as_str()).collect();
    format!(
        "no {what} is named `{given}`; the closest names: {}",
        best.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("RTM_NEWLNK", "RTM_NEWLINK"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("Route", "route"), 0);
    }
}
