//! Every bound on what an input can make nlscope keep or follow, in one place.
//!
//! A capture is written by whoever made it, so nothing in it may decide how deep
//! nlscope recurses or how much it remembers (issue 12: no input that aborts, hides
//! or drops data). Each bound comes from the kernel where the kernel has one, with
//! room to spare; what lies past a bound is never dropped: it is shown raw (hex with
//! its offset), and re-encoding ([`crate::families::emit`]) still gives the original bytes.
//!
//! | bound | value | what is past it |
//! |---|---|---|
//! | [`MAX_ATTR_DEPTH`] | 16 nested attribute levels (the kernel's policies go to 10) | the attribute is `Value::Invalid` with `TooDeep`: its payload as hex |
//! | [`MAX_ECHO_DEPTH`] | 4 requests echoed inside one another by `NLMSG_ERROR` (the kernel echoes a request, which is itself an error only when user space sent one: 2 levels) | the echoed request's header is shown, its payload as hex with a note |
//! | [`GENL_NAMSIZ`] | 16 bytes with the NUL: generic-netlink family names learned from nlctrl | a longer name is not learned (the message itself still shows it) |
//! | [`IFNAMSIZ`] | 16 bytes with the NUL: interface names learned from `RTM_NEWLINK` | a longer name is not learned |
//! | [`MAX_JSON_DEPTH`] | 80 levels of JSON nesting in one `--format json` line (serde_json's default limit is 128) | (follows from the two depth bounds) |
//!
//! Tables keyed by input have their own bounds, documented where they live:
//! generic-netlink ids (`decode::Context`: at most 65,536 ids, names at most
//! [`GENL_NAMSIZ`]), open requests and interface names
//! (`session::Session`: [`session::DEFAULT_LIMIT`](crate::flow::session::DEFAULT_LIMIT)
//! each, kept request bytes within
//! [`session::KEEP_REQUEST_BUDGET`](crate::flow::session::KEEP_REQUEST_BUDGET)), the
//! renderers' memo (4 MiB), and the counters of `stats`
//! ([`MAX_STATS_KEYS`] rows per table).

/// How deep nested attributes are followed (nests, sub-messages, indexed arrays,
/// multipath hops). The kernel's own policies go to 10.
pub const MAX_ATTR_DEPTH: u8 = 16;

/// How many requests echoed inside one another by `NLMSG_ERROR` are decoded: the
/// top message is at echo depth 0, the request it echoes at 1, …; a request that
/// would be at depth `MAX_ECHO_DEPTH + 1` is shown raw (its header, then its payload
/// as hex with a note). The kernel echoes the request it got; that is an error
/// itself only when user space sent an `NLMSG_ERROR`, so real captures need 2.
pub const MAX_ECHO_DEPTH: u8 = 4;

/// `GENL_NAMSIZ` (include/uapi/linux/genetlink.h): a generic-netlink family name
/// with its NUL. Names of up to `GENL_NAMSIZ - 1` bytes are learned from nlctrl.
pub const GENL_NAMSIZ: usize = 16;

/// `IFNAMSIZ` (include/uapi/linux/if.h): an interface name with its NUL. Names of up
/// to `IFNAMSIZ - 1` bytes are learned from `RTM_NEWLINK`.
pub const IFNAMSIZ: usize = 16;

/// The deepest JSON nesting (objects and arrays) of one line of
/// `nlscope decode --format json`: 80, well below serde_json's default recursion
/// limit (128) and far below Python's (~1000). It follows from the depth bounds:
/// the message object (1), 2 per echoed request (`"error"`, `"request"`), the
/// top-level attribute array and object (2), at most 4 per attribute level (an
/// `RTA_MULTIPATH` hop: `"hops"`, the hop, its `"attrs"`, the attribute) and 5 for
/// the deepest value (`"structs"`, a struct, its `"fields"`, a field, its
/// `"flags"`). `tests/bounds.rs` renders the worst case and the `deep_nesting`
/// fuzz target checks every input against it.
pub const MAX_JSON_DEPTH: usize =
    1 + 2 * MAX_ECHO_DEPTH as usize + 2 + 4 * MAX_ATTR_DEPTH as usize + 5;

/// At most this many distinct rows in each table of `nlscope stats` (per message
/// type, per errno, per unknown type, per unknown attribute); messages of rows past
/// it are counted in an `other` row.
pub const MAX_STATS_KEYS: usize = 64 * 1024;
