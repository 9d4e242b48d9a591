//! The audit log (`NETLINK_AUDIT`, protocol 9): message types `AUDIT_*` from
//! include/uapi/linux/audit.h.
//!
//! nlmon never taps audit (NETLINK-FACTS §1); audit records reach a capture through
//! `nlscope capture --via listen`, which joins `AUDIT_NLGRP_READLOG` and tags each
//! record with protocol 9 in the nlmon header like any other family.
//!
//! An audit record's payload is one line of text (`audit(1795622644.061:2): pid=…
//! msg='…'`), not attributes: every text type here has the one-member header
//! [`AUDIT_TEXT`] whose member holds the whole payload, shown as escaped text. The
//! control messages carry their structs (`audit_status`, `audit_rule_data`,
//! `audit_sig_info`, `audit_tty_status`, `audit_features`); obsolete control types
//! are hex. Every type has a name: its own, or its range's ([`RANGES`]).
//! [`fields`] splits a record's text into its `key=value` fields (the JSON
//! renderer's `audit` member).

use crate::families::schema::{FieldKind, Hint, MsgDef, StructDef};
use crate::families::table::*;
use crate::wire::nlmsg::NLMSG_HDRLEN;

/// The text of an audit record: the whole payload (not a kernel struct; the kernel
/// writes the text without a terminating NUL, user space may add one).
pub static AUDIT_TEXT: StructDef = StructDef {
    name: "audit_text",
    size: 0,
    fields: &[field("text", 0, FieldKind::Rest(Hint::Text))],
};

/// A payload shown as hex: obsolete control types (`AUDIT_LIST`, `AUDIT_WATCH_*`,
/// …) and unnamed control numbers.
pub static AUDIT_RAW: StructDef = StructDef {
    name: "audit_raw",
    size: 0,
    fields: &[field("data", 0, FieldKind::Rest(Hint::Hex))],
};

/// `struct audit_sig_info`: who last signalled the audit daemon (`AUDIT_SIGNAL_INFO`).
pub static AUDIT_SIG_INFO: StructDef = StructDef {
    name: "audit_sig_info",
    size: 8,
    fields: &[
        field("uid", 0, F_U32),
        field("pid", 4, F_S32),
        field("ctx", 8, FieldKind::Rest(Hint::Text)),
    ],
};

/// `struct audit_tty_status` (`AUDIT_TTY_GET`/`AUDIT_TTY_SET`).
pub static AUDIT_TTY_STATUS: StructDef = StructDef {
    name: "audit_tty_status",
    size: 8,
    fields: &[field("enabled", 0, F_U32), field("log_passwd", 4, F_U32)],
};

/// `struct audit_features` (`AUDIT_GET_FEATURE`/`AUDIT_SET_FEATURE`).
pub static AUDIT_FEATURES: StructDef = StructDef {
    name: "audit_features",
    size: 16,
    fields: &[
        field("vers", 0, F_U32),
        field("mask", 4, F_X32),
        field("features", 8, F_X32),
        field("lock", 12, F_X32),
    ],
};

/// `struct audit_rule_data` (`AUDIT_ADD_RULE`, `AUDIT_DEL_RULE`, `AUDIT_LIST_RULES`
/// replies): the 64-entry arrays as hex, then `buflen` bytes of strings.
pub static AUDIT_RULE_DATA: StructDef = StructDef {
    name: "audit_rule_data",
    size: 1040,
    fields: &[
        field("flags", 0, F_X32),
        field("action", 4, F_U32),
        field("field_count", 8, F_U32),
        field("mask", 12, f_hex(256)),
        field("fields", 268, f_hex(256)),
        field("values", 524, f_hex(256)),
        field("fieldflags", 780, f_hex(256)),
        field("buflen", 1036, F_U32),
        field("buf", 1040, FieldKind::Rest(Hint::Text)),
    ],
};

/// `struct audit_status`: `AUDIT_GET` replies and `AUDIT_SET` requests (host order).
pub static AUDIT_STATUS: StructDef = StructDef {
    name: "audit_status",
    size: 44,
    fields: &[
        field("mask", 0, F_X32),
        field("enabled", 4, F_U32),
        field("failure", 8, F_U32),
        field("pid", 12, F_U32),
        field("rate_limit", 16, F_U32),
        field("backlog_limit", 20, F_U32),
        field("lost", 24, F_U32),
        field("backlog", 28, F_U32),
        field("feature_bitmap", 32, F_X32),
        field("backlog_wait_time", 36, F_U32),
        field("backlog_wait_time_actual", 40, F_U32),
    ],
};

/// The audit message types of include/uapi/linux/audit.h (kernel 6.18's
/// linux-libc-dev), sorted by value; [`USER_MESSAGES`] adds libaudit.h's. Range
/// markers (`AUDIT_FIRST_USER_MSG`, …) are not rows: a type with no name of its own
/// takes its range's row from [`RANGES`].
pub static MESSAGES: &[MsgDef] = &[
    msg(1000, "AUDIT_GET", Some(&AUDIT_STATUS), None),
    msg(1001, "AUDIT_SET", Some(&AUDIT_STATUS), None),
    msg(1002, "AUDIT_LIST", Some(&AUDIT_RAW), None),
    msg(1003, "AUDIT_ADD", Some(&AUDIT_RAW), None),
    msg(1004, "AUDIT_DEL", Some(&AUDIT_RAW), None),
    msg(1005, "AUDIT_USER", Some(&AUDIT_TEXT), None),
    msg(1006, "AUDIT_LOGIN", Some(&AUDIT_TEXT), None),
    msg(1007, "AUDIT_WATCH_INS", Some(&AUDIT_RAW), None),
    msg(1008, "AUDIT_WATCH_REM", Some(&AUDIT_RAW), None),
    msg(1009, "AUDIT_WATCH_LIST", Some(&AUDIT_RAW), None),
    msg(1010, "AUDIT_SIGNAL_INFO", Some(&AUDIT_SIG_INFO), None),
    msg(1011, "AUDIT_ADD_RULE", Some(&AUDIT_RULE_DATA), None),
    msg(1012, "AUDIT_DEL_RULE", Some(&AUDIT_RULE_DATA), None),
    msg(1013, "AUDIT_LIST_RULES", Some(&AUDIT_RULE_DATA), None),
    msg(1014, "AUDIT_TRIM", Some(&AUDIT_RAW), None),
    msg(1015, "AUDIT_MAKE_EQUIV", Some(&AUDIT_RAW), None),
    msg(1016, "AUDIT_TTY_GET", Some(&AUDIT_TTY_STATUS), None),
    msg(1017, "AUDIT_TTY_SET", Some(&AUDIT_TTY_STATUS), None),
    msg(1018, "AUDIT_SET_FEATURE", Some(&AUDIT_FEATURES), None),
    msg(1019, "AUDIT_GET_FEATURE", Some(&AUDIT_FEATURES), None),
    msg(1107, "AUDIT_USER_AVC", Some(&AUDIT_TEXT), None),
    msg(1124, "AUDIT_USER_TTY", Some(&AUDIT_TEXT), None),
    msg(1200, "AUDIT_DAEMON_START", Some(&AUDIT_TEXT), None),
    msg(1201, "AUDIT_DAEMON_END", Some(&AUDIT_TEXT), None),
    msg(1202, "AUDIT_DAEMON_ABORT", Some(&AUDIT_TEXT), None),
    msg(1203, "AUDIT_DAEMON_CONFIG", Some(&AUDIT_TEXT), None),
    msg(1300, "AUDIT_SYSCALL", Some(&AUDIT_TEXT), None),
    msg(1302, "AUDIT_PATH", Some(&AUDIT_TEXT), None),
    msg(1303, "AUDIT_IPC", Some(&AUDIT_TEXT), None),
    msg(1304, "AUDIT_SOCKETCALL", Some(&AUDIT_TEXT), None),
    msg(1305, "AUDIT_CONFIG_CHANGE", Some(&AUDIT_TEXT), None),
    msg(1306, "AUDIT_SOCKADDR", Some(&AUDIT_TEXT), None),
    msg(1307, "AUDIT_CWD", Some(&AUDIT_TEXT), None),
    msg(1309, "AUDIT_EXECVE", Some(&AUDIT_TEXT), None),
    msg(1311, "AUDIT_IPC_SET_PERM", Some(&AUDIT_TEXT), None),
    msg(1312, "AUDIT_MQ_OPEN", Some(&AUDIT_TEXT), None),
    msg(1313, "AUDIT_MQ_SENDRECV", Some(&AUDIT_TEXT), None),
    msg(1314, "AUDIT_MQ_NOTIFY", Some(&AUDIT_TEXT), None),
    msg(1315, "AUDIT_MQ_GETSETATTR", Some(&AUDIT_TEXT), None),
    msg(1316, "AUDIT_KERNEL_OTHER", Some(&AUDIT_TEXT), None),
    msg(1317, "AUDIT_FD_PAIR", Some(&AUDIT_TEXT), None),
    msg(1318, "AUDIT_OBJ_PID", Some(&AUDIT_TEXT), None),
    msg(1319, "AUDIT_TTY", Some(&AUDIT_TEXT), None),
    msg(1320, "AUDIT_EOE", Some(&AUDIT_TEXT), None),
    msg(1321, "AUDIT_BPRM_FCAPS", Some(&AUDIT_TEXT), None),
    msg(1322, "AUDIT_CAPSET", Some(&AUDIT_TEXT), None),
    msg(1323, "AUDIT_MMAP", Some(&AUDIT_TEXT), None),
    msg(1324, "AUDIT_NETFILTER_PKT", Some(&AUDIT_TEXT), None),
    msg(1325, "AUDIT_NETFILTER_CFG", Some(&AUDIT_TEXT), None),
    msg(1326, "AUDIT_SECCOMP", Some(&AUDIT_TEXT), None),
    msg(1327, "AUDIT_PROCTITLE", Some(&AUDIT_TEXT), None),
    msg(1328, "AUDIT_FEATURE_CHANGE", Some(&AUDIT_TEXT), None),
    msg(1329, "AUDIT_REPLACE", Some(&AUDIT_TEXT), None),
    msg(1330, "AUDIT_KERN_MODULE", Some(&AUDIT_TEXT), None),
    msg(1331, "AUDIT_FANOTIFY", Some(&AUDIT_TEXT), None),
    msg(1332, "AUDIT_TIME_INJOFFSET", Some(&AUDIT_TEXT), None),
    msg(1333, "AUDIT_TIME_ADJNTPVAL", Some(&AUDIT_TEXT), None),
    msg(1334, "AUDIT_BPF", Some(&AUDIT_TEXT), None),
    msg(1335, "AUDIT_EVENT_LISTENER", Some(&AUDIT_TEXT), None),
    msg(1336, "AUDIT_URINGOP", Some(&AUDIT_TEXT), None),
    msg(1337, "AUDIT_OPENAT2", Some(&AUDIT_TEXT), None),
    msg(1338, "AUDIT_DM_CTRL", Some(&AUDIT_TEXT), None),
    msg(1339, "AUDIT_DM_EVENT", Some(&AUDIT_TEXT), None),
    msg(1400, "AUDIT_AVC", Some(&AUDIT_TEXT), None),
    msg(1401, "AUDIT_SELINUX_ERR", Some(&AUDIT_TEXT), None),
    msg(1402, "AUDIT_AVC_PATH", Some(&AUDIT_TEXT), None),
    msg(1403, "AUDIT_MAC_POLICY_LOAD", Some(&AUDIT_TEXT), None),
    msg(1404, "AUDIT_MAC_STATUS", Some(&AUDIT_TEXT), None),
    msg(1405, "AUDIT_MAC_CONFIG_CHANGE", Some(&AUDIT_TEXT), None),
    msg(1406, "AUDIT_MAC_UNLBL_ALLOW", Some(&AUDIT_TEXT), None),
    msg(1407, "AUDIT_MAC_CIPSOV4_ADD", Some(&AUDIT_TEXT), None),
    msg(1408, "AUDIT_MAC_CIPSOV4_DEL", Some(&AUDIT_TEXT), None),
    msg(1409, "AUDIT_MAC_MAP_ADD", Some(&AUDIT_TEXT), None),
    msg(1410, "AUDIT_MAC_MAP_DEL", Some(&AUDIT_TEXT), None),
    msg(1411, "AUDIT_MAC_IPSEC_ADDSA", Some(&AUDIT_TEXT), None),
    msg(1412, "AUDIT_MAC_IPSEC_DELSA", Some(&AUDIT_TEXT), None),
    msg(1413, "AUDIT_MAC_IPSEC_ADDSPD", Some(&AUDIT_TEXT), None),
    msg(1414, "AUDIT_MAC_IPSEC_DELSPD", Some(&AUDIT_TEXT), None),
    msg(1415, "AUDIT_MAC_IPSEC_EVENT", Some(&AUDIT_TEXT), None),
    msg(1416, "AUDIT_MAC_UNLBL_STCADD", Some(&AUDIT_TEXT), None),
    msg(1417, "AUDIT_MAC_UNLBL_STCDEL", Some(&AUDIT_TEXT), None),
    msg(1418, "AUDIT_MAC_CALIPSO_ADD", Some(&AUDIT_TEXT), None),
    msg(1419, "AUDIT_MAC_CALIPSO_DEL", Some(&AUDIT_TEXT), None),
    msg(1700, "AUDIT_ANOM_PROMISCUOUS", Some(&AUDIT_TEXT), None),
    msg(1701, "AUDIT_ANOM_ABEND", Some(&AUDIT_TEXT), None),
    msg(1702, "AUDIT_ANOM_LINK", Some(&AUDIT_TEXT), None),
    msg(1703, "AUDIT_ANOM_CREAT", Some(&AUDIT_TEXT), None),
    msg(1800, "AUDIT_INTEGRITY_DATA", Some(&AUDIT_TEXT), None),
    msg(1801, "AUDIT_INTEGRITY_METADATA", Some(&AUDIT_TEXT), None),
    msg(1802, "AUDIT_INTEGRITY_STATUS", Some(&AUDIT_TEXT), None),
    msg(1803, "AUDIT_INTEGRITY_HASH", Some(&AUDIT_TEXT), None),
    msg(1804, "AUDIT_INTEGRITY_PCR", Some(&AUDIT_TEXT), None),
    msg(1805, "AUDIT_INTEGRITY_RULE", Some(&AUDIT_TEXT), None),
    msg(1806, "AUDIT_INTEGRITY_EVM_XATTR", Some(&AUDIT_TEXT), None),
    msg(1807, "AUDIT_INTEGRITY_POLICY_RULE", Some(&AUDIT_TEXT), None),
    msg(2000, "AUDIT_KERNEL", Some(&AUDIT_TEXT), None),
];

/// The user-space types of audit-userspace's libaudit.h 3.0.9 (Debian's
/// libaudit-dev) that include/uapi/linux/audit.h does not define, sorted by value:
/// the kernel passes them through from auditing programs (`AUDIT_USER_LOGIN`,
/// `AUDIT_USER_CMD`, …). Not in [`MESSAGES`], which holds what the uapi header
/// (and so `tests/hand_tables.rs`) can check.
pub static USER_MESSAGES: &[MsgDef] = &[
    msg(1100, "AUDIT_USER_AUTH", Some(&AUDIT_TEXT), None),
    msg(1101, "AUDIT_USER_ACCT", Some(&AUDIT_TEXT), None),
    msg(1102, "AUDIT_USER_MGMT", Some(&AUDIT_TEXT), None),
    msg(1103, "AUDIT_CRED_ACQ", Some(&AUDIT_TEXT), None),
    msg(1104, "AUDIT_CRED_DISP", Some(&AUDIT_TEXT), None),
    msg(1105, "AUDIT_USER_START", Some(&AUDIT_TEXT), None),
    msg(1106, "AUDIT_USER_END", Some(&AUDIT_TEXT), None),
    msg(1108, "AUDIT_USER_CHAUTHTOK", Some(&AUDIT_TEXT), None),
    msg(1109, "AUDIT_USER_ERR", Some(&AUDIT_TEXT), None),
    msg(1110, "AUDIT_CRED_REFR", Some(&AUDIT_TEXT), None),
    msg(1111, "AUDIT_USYS_CONFIG", Some(&AUDIT_TEXT), None),
    msg(1112, "AUDIT_USER_LOGIN", Some(&AUDIT_TEXT), None),
    msg(1113, "AUDIT_USER_LOGOUT", Some(&AUDIT_TEXT), None),
    msg(1114, "AUDIT_ADD_USER", Some(&AUDIT_TEXT), None),
    msg(1115, "AUDIT_DEL_USER", Some(&AUDIT_TEXT), None),
    msg(1116, "AUDIT_ADD_GROUP", Some(&AUDIT_TEXT), None),
    msg(1117, "AUDIT_DEL_GROUP", Some(&AUDIT_TEXT), None),
    msg(1118, "AUDIT_DAC_CHECK", Some(&AUDIT_TEXT), None),
    msg(1119, "AUDIT_CHGRP_ID", Some(&AUDIT_TEXT), None),
    msg(1120, "AUDIT_TEST", Some(&AUDIT_TEXT), None),
    msg(1121, "AUDIT_TRUSTED_APP", Some(&AUDIT_TEXT), None),
    msg(1122, "AUDIT_USER_SELINUX_ERR", Some(&AUDIT_TEXT), None),
    msg(1123, "AUDIT_USER_CMD", Some(&AUDIT_TEXT), None),
    msg(1125, "AUDIT_CHUSER_ID", Some(&AUDIT_TEXT), None),
    msg(1126, "AUDIT_GRP_AUTH", Some(&AUDIT_TEXT), None),
    msg(1127, "AUDIT_SYSTEM_BOOT", Some(&AUDIT_TEXT), None),
    msg(1128, "AUDIT_SYSTEM_SHUTDOWN", Some(&AUDIT_TEXT), None),
    msg(1129, "AUDIT_SYSTEM_RUNLEVEL", Some(&AUDIT_TEXT), None),
    msg(1130, "AUDIT_SERVICE_START", Some(&AUDIT_TEXT), None),
    msg(1131, "AUDIT_SERVICE_STOP", Some(&AUDIT_TEXT), None),
    msg(1132, "AUDIT_GRP_MGMT", Some(&AUDIT_TEXT), None),
    msg(1133, "AUDIT_GRP_CHAUTHTOK", Some(&AUDIT_TEXT), None),
    msg(1134, "AUDIT_MAC_CHECK", Some(&AUDIT_TEXT), None),
    msg(1135, "AUDIT_ACCT_LOCK", Some(&AUDIT_TEXT), None),
    msg(1136, "AUDIT_ACCT_UNLOCK", Some(&AUDIT_TEXT), None),
    msg(1137, "AUDIT_USER_DEVICE", Some(&AUDIT_TEXT), None),
    msg(1138, "AUDIT_SOFTWARE_UPDATE", Some(&AUDIT_TEXT), None),
    msg(1204, "AUDIT_DAEMON_RECONFIG", Some(&AUDIT_TEXT), None),
    msg(1205, "AUDIT_DAEMON_ROTATE", Some(&AUDIT_TEXT), None),
    msg(1206, "AUDIT_DAEMON_RESUME", Some(&AUDIT_TEXT), None),
    msg(1207, "AUDIT_DAEMON_ACCEPT", Some(&AUDIT_TEXT), None),
    msg(1208, "AUDIT_DAEMON_CLOSE", Some(&AUDIT_TEXT), None),
    msg(1209, "AUDIT_DAEMON_ERR", Some(&AUDIT_TEXT), None),
    msg(1500, "AUDIT_AA", Some(&AUDIT_TEXT), None),
    msg(1501, "AUDIT_APPARMOR_AUDIT", Some(&AUDIT_TEXT), None),
    msg(1502, "AUDIT_APPARMOR_ALLOWED", Some(&AUDIT_TEXT), None),
    msg(1503, "AUDIT_APPARMOR_DENIED", Some(&AUDIT_TEXT), None),
    msg(1504, "AUDIT_APPARMOR_HINT", Some(&AUDIT_TEXT), None),
    msg(1505, "AUDIT_APPARMOR_STATUS", Some(&AUDIT_TEXT), None),
    msg(1506, "AUDIT_APPARMOR_ERROR", Some(&AUDIT_TEXT), None),
    msg(1507, "AUDIT_APPARMOR_KILL", Some(&AUDIT_TEXT), None),
    msg(2100, "AUDIT_ANOM_LOGIN_FAILURES", Some(&AUDIT_TEXT), None),
    msg(2101, "AUDIT_ANOM_LOGIN_TIME", Some(&AUDIT_TEXT), None),
    msg(2102, "AUDIT_ANOM_LOGIN_SESSIONS", Some(&AUDIT_TEXT), None),
    msg(2103, "AUDIT_ANOM_LOGIN_ACCT", Some(&AUDIT_TEXT), None),
    msg(2104, "AUDIT_ANOM_LOGIN_LOCATION", Some(&AUDIT_TEXT), None),
    msg(2105, "AUDIT_ANOM_MAX_DAC", Some(&AUDIT_TEXT), None),
    msg(2106, "AUDIT_ANOM_MAX_MAC", Some(&AUDIT_TEXT), None),
    msg(2107, "AUDIT_ANOM_AMTU_FAIL", Some(&AUDIT_TEXT), None),
    msg(2108, "AUDIT_ANOM_RBAC_FAIL", Some(&AUDIT_TEXT), None),
    msg(
        2109,
        "AUDIT_ANOM_RBAC_INTEGRITY_FAIL",
        Some(&AUDIT_TEXT),
        None,
    ),
    msg(2110, "AUDIT_ANOM_CRYPTO_FAIL", Some(&AUDIT_TEXT), None),
    msg(2111, "AUDIT_ANOM_ACCESS_FS", Some(&AUDIT_TEXT), None),
    msg(2112, "AUDIT_ANOM_EXEC", Some(&AUDIT_TEXT), None),
    msg(2113, "AUDIT_ANOM_MK_EXEC", Some(&AUDIT_TEXT), None),
    msg(2114, "AUDIT_ANOM_ADD_ACCT", Some(&AUDIT_TEXT), None),
    msg(2115, "AUDIT_ANOM_DEL_ACCT", Some(&AUDIT_TEXT), None),
    msg(2116, "AUDIT_ANOM_MOD_ACCT", Some(&AUDIT_TEXT), None),
    msg(2117, "AUDIT_ANOM_ROOT_TRANS", Some(&AUDIT_TEXT), None),
    msg(2118, "AUDIT_ANOM_LOGIN_SERVICE", Some(&AUDIT_TEXT), None),
    msg(2119, "AUDIT_ANOM_LOGIN_ROOT", Some(&AUDIT_TEXT), None),
    msg(2120, "AUDIT_ANOM_ORIGIN_FAILURES", Some(&AUDIT_TEXT), None),
    msg(2121, "AUDIT_ANOM_SESSION", Some(&AUDIT_TEXT), None),
    msg(2200, "AUDIT_RESP_ANOMALY", Some(&AUDIT_TEXT), None),
    msg(2201, "AUDIT_RESP_ALERT", Some(&AUDIT_TEXT), None),
    msg(2202, "AUDIT_RESP_KILL_PROC", Some(&AUDIT_TEXT), None),
    msg(2203, "AUDIT_RESP_TERM_ACCESS", Some(&AUDIT_TEXT), None),
    msg(2204, "AUDIT_RESP_ACCT_REMOTE", Some(&AUDIT_TEXT), None),
    msg(2205, "AUDIT_RESP_ACCT_LOCK_TIMED", Some(&AUDIT_TEXT), None),
    msg(
        2206,
        "AUDIT_RESP_ACCT_UNLOCK_TIMED",
        Some(&AUDIT_TEXT),
        None,
    ),
    msg(2207, "AUDIT_RESP_ACCT_LOCK", Some(&AUDIT_TEXT), None),
    msg(2208, "AUDIT_RESP_TERM_LOCK", Some(&AUDIT_TEXT), None),
    msg(2209, "AUDIT_RESP_SEBOOL", Some(&AUDIT_TEXT), None),
    msg(2210, "AUDIT_RESP_EXEC", Some(&AUDIT_TEXT), None),
    msg(2211, "AUDIT_RESP_SINGLE", Some(&AUDIT_TEXT), None),
    msg(2212, "AUDIT_RESP_HALT", Some(&AUDIT_TEXT), None),
    msg(2213, "AUDIT_RESP_ORIGIN_BLOCK", Some(&AUDIT_TEXT), None),
    msg(
        2214,
        "AUDIT_RESP_ORIGIN_BLOCK_TIMED",
        Some(&AUDIT_TEXT),
        None,
    ),
    msg(
        2215,
        "AUDIT_RESP_ORIGIN_UNBLOCK_TIMED",
        Some(&AUDIT_TEXT),
        None,
    ),
    msg(2300, "AUDIT_USER_ROLE_CHANGE", Some(&AUDIT_TEXT), None),
    msg(2301, "AUDIT_ROLE_ASSIGN", Some(&AUDIT_TEXT), None),
    msg(2302, "AUDIT_ROLE_REMOVE", Some(&AUDIT_TEXT), None),
    msg(2303, "AUDIT_LABEL_OVERRIDE", Some(&AUDIT_TEXT), None),
    msg(2304, "AUDIT_LABEL_LEVEL_CHANGE", Some(&AUDIT_TEXT), None),
    msg(2305, "AUDIT_USER_LABELED_EXPORT", Some(&AUDIT_TEXT), None),
    msg(2306, "AUDIT_USER_UNLABELED_EXPORT", Some(&AUDIT_TEXT), None),
    msg(2307, "AUDIT_DEV_ALLOC", Some(&AUDIT_TEXT), None),
    msg(2308, "AUDIT_DEV_DEALLOC", Some(&AUDIT_TEXT), None),
    msg(2309, "AUDIT_FS_RELABEL", Some(&AUDIT_TEXT), None),
    msg(2310, "AUDIT_USER_MAC_POLICY_LOAD", Some(&AUDIT_TEXT), None),
    msg(2311, "AUDIT_ROLE_MODIFY", Some(&AUDIT_TEXT), None),
    msg(
        2312,
        "AUDIT_USER_MAC_CONFIG_CHANGE",
        Some(&AUDIT_TEXT),
        None,
    ),
    msg(2313, "AUDIT_USER_MAC_STATUS", Some(&AUDIT_TEXT), None),
    msg(2400, "AUDIT_CRYPTO_TEST_USER", Some(&AUDIT_TEXT), None),
    msg(
        2401,
        "AUDIT_CRYPTO_PARAM_CHANGE_USER",
        Some(&AUDIT_TEXT),
        None,
    ),
    msg(2402, "AUDIT_CRYPTO_LOGIN", Some(&AUDIT_TEXT), None),
    msg(2403, "AUDIT_CRYPTO_LOGOUT", Some(&AUDIT_TEXT), None),
    msg(2404, "AUDIT_CRYPTO_KEY_USER", Some(&AUDIT_TEXT), None),
    msg(2405, "AUDIT_CRYPTO_FAILURE_USER", Some(&AUDIT_TEXT), None),
    msg(2406, "AUDIT_CRYPTO_REPLAY_USER", Some(&AUDIT_TEXT), None),
    msg(2407, "AUDIT_CRYPTO_SESSION", Some(&AUDIT_TEXT), None),
    msg(2408, "AUDIT_CRYPTO_IKE_SA", Some(&AUDIT_TEXT), None),
    msg(2409, "AUDIT_CRYPTO_IPSEC_SA", Some(&AUDIT_TEXT), None),
    msg(2500, "AUDIT_VIRT_CONTROL", Some(&AUDIT_TEXT), None),
    msg(2501, "AUDIT_VIRT_RESOURCE", Some(&AUDIT_TEXT), None),
    msg(2502, "AUDIT_VIRT_MACHINE_ID", Some(&AUDIT_TEXT), None),
    msg(2503, "AUDIT_VIRT_INTEGRITY_CHECK", Some(&AUDIT_TEXT), None),
    msg(2504, "AUDIT_VIRT_CREATE", Some(&AUDIT_TEXT), None),
    msg(2505, "AUDIT_VIRT_DESTROY", Some(&AUDIT_TEXT), None),
    msg(2506, "AUDIT_VIRT_MIGRATE_IN", Some(&AUDIT_TEXT), None),
    msg(2507, "AUDIT_VIRT_MIGRATE_OUT", Some(&AUDIT_TEXT), None),
];

/// Ranges of audit.h and libaudit.h for types without a name of their own:
/// `(first, last, definition)`.
pub static RANGES: &[(u16, u16, MsgDef)] = &[
    (
        1000,
        1099,
        msg(1000, "AUDIT_CONTROL_RANGE", Some(&AUDIT_RAW), None),
    ),
    (
        1100,
        1199,
        msg(
            1100,
            "AUDIT_FIRST_USER_MSG..AUDIT_LAST_USER_MSG",
            Some(&AUDIT_TEXT),
            None,
        ),
    ),
    (
        1200,
        1299,
        msg(
            1200,
            "AUDIT_FIRST_DAEMON..AUDIT_LAST_DAEMON",
            Some(&AUDIT_TEXT),
            None,
        ),
    ),
    (
        1300,
        1399,
        msg(
            1300,
            "AUDIT_FIRST_EVENT..AUDIT_LAST_EVENT",
            Some(&AUDIT_TEXT),
            None,
        ),
    ),
    (
        1400,
        1499,
        msg(
            1400,
            "AUDIT_FIRST_SELINUX..AUDIT_LAST_SELINUX",
            Some(&AUDIT_TEXT),
            None,
        ),
    ),
    (
        1500,
        1599,
        msg(
            1500,
            "AUDIT_FIRST_APPARMOR..AUDIT_LAST_APPARMOR",
            Some(&AUDIT_TEXT),
            None,
        ),
    ),
    (
        1600,
        1699,
        msg(
            1600,
            "AUDIT_FIRST_KERN_CRYPTO_MSG..AUDIT_LAST_KERN_CRYPTO_MSG",
            Some(&AUDIT_TEXT),
            None,
        ),
    ),
    (
        1700,
        1799,
        msg(
            1700,
            "AUDIT_FIRST_KERN_ANOM_MSG..AUDIT_LAST_KERN_ANOM_MSG",
            Some(&AUDIT_TEXT),
            None,
        ),
    ),
    (
        1800,
        1899,
        msg(
            1800,
            "AUDIT_INTEGRITY_FIRST_MSG..AUDIT_INTEGRITY_LAST_MSG",
            Some(&AUDIT_TEXT),
            None,
        ),
    ),
    (
        2100,
        2999,
        msg(
            2100,
            "AUDIT_FIRST_USER_MSG2..AUDIT_LAST_USER_MSG2",
            Some(&AUDIT_TEXT),
            None,
        ),
    ),
];

/// The definition of audit message type `ty`: its own row, else its range's.
pub fn message(ty: u16) -> Option<&'static MsgDef> {
    let find = crate::families::schema::find_msg;
    find(MESSAGES, ty)
        .or_else(|| find(USER_MESSAGES, ty))
        .or_else(|| {
            RANGES
                .iter()
                .find(|(first, last, _)| (*first..=*last).contains(&ty))
                .map(|(_, _, d)| d)
        })
}

/// One piece of an audit record's text: `key=value` (a quoted value without its
/// quotes), or a bare word (`avc:`, `denied`, `{`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuditField<'a> {
    /// Offset of the piece's first byte from the start of the message.
    pub offset: usize,
    /// The key; `None` for a bare word.
    pub key: Option<&'a [u8]>,
    /// The value without quotes (the word, for a bare word).
    pub value: &'a [u8],
    /// The quote the value was in (`"` or `'`), if any. A `'`-quoted value holds
    /// fields of its own (`msg='op=… res=success'`): [`fields`] of it.
    pub quote: Option<u8>,
}

/// The text of an audit record's payload: without the NULs user space may end it
/// with.
pub fn text(payload: &[u8]) -> &[u8] {
    let end = payload.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1);
    payload.get(..end).unwrap_or(&[])
}

/// The stamp `audit(SECONDS.MILLIS:SERIAL): ` that starts a kernel record:
/// the time as written, the serial, and the stamp's length with the `": "`.
pub fn stamp(text: &[u8]) -> Option<(&[u8], u64, usize)> {
    let rest = text.strip_prefix(b"audit(")?;
    let close = rest.iter().position(|b| *b == b')')?;
    let inner = rest.get(..close)?;
    let colon = inner.iter().position(|b| *b == b':')?;
    let time = inner.get(..colon)?;
    let serial = std::str::from_utf8(inner.get(colon + 1..)?)
        .ok()?
        .parse()
        .ok()?;
    let mut len = 6 + close + 1;
    if text.get(len) == Some(&b':') {
        len += 1;
    }
    while text.get(len) == Some(&b' ') {
        len += 1;
    }
    Some((time, serial, len))
}

/// The fields of `text`, whose first byte is at `offset` in the message.
pub fn fields(text: &[u8], offset: usize) -> AuditFields<'_> {
    AuditFields {
        text,
        pos: 0,
        base: offset,
    }
}

/// Iterator over the pieces of an audit text ([`fields`]). Every byte of the text
/// is in a piece or is a separating space.
#[derive(Clone, Debug)]
pub struct AuditFields<'a> {
    text: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> Iterator for AuditFields<'a> {
    type Item = AuditField<'a>;

    fn next(&mut self) -> Option<AuditField<'a>> {
        let t = self.text;
        while t.get(self.pos) == Some(&b' ') {
            self.pos += 1;
        }
        let start = self.pos;
        if start >= t.len() {
            return None;
        }
        let tail = t.get(start..).unwrap_or(&[]);
        let word_end = tail.iter().position(|b| *b == b' ').unwrap_or(tail.len());
        let eq = tail
            .get(..word_end)
            .and_then(|w| w.iter().position(|b| *b == b'='));
        let Some(eq) = eq.filter(|&e| e > 0) else {
            self.pos = start + word_end;
            return Some(AuditField {
                offset: self.base + start,
                key: None,
                value: tail.get(..word_end).unwrap_or(&[]),
                quote: None,
            });
        };
        let key = tail.get(..eq);
        let after = tail.get(eq + 1..).unwrap_or(&[]);
        let (value, used, quote) = match after.first() {
            Some(&q) if q == b'"' || q == b'\'' => {
                let body = after.get(1..).unwrap_or(&[]);
                match body.iter().position(|b| *b == q) {
                    Some(close) => (body.get(..close).unwrap_or(&[]), close + 2, Some(q)),
                    // No closing quote: the rest, as written.
                    None => (after, after.len(), None),
                }
            }
            _ => {
                let end = after.iter().position(|b| *b == b' ').unwrap_or(after.len());
                (after.get(..end).unwrap_or(&[]), end, None)
            }
        };
        self.pos = start + eq + 1 + used;
        Some(AuditField {
            offset: self.base + start,
            key,
            value,
            quote,
        })
    }
}

/// Offset of the payload (the record text) from the start of its message.
pub const TEXT_OFFSET: usize = NLMSG_HDRLEN;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::families::schema::find_msg;

    /// Type numbers are unique and sorted (the lookup is a binary search), and every
    /// range row lies in its range.
    #[test]
    fn tables_are_sorted_and_ranges_hold_their_rows() {
        assert!(MESSAGES.windows(2).all(|w| w[0].value < w[1].value));
        assert!(USER_MESSAGES.windows(2).all(|w| w[0].value < w[1].value));
        for u in USER_MESSAGES {
            assert!(find_msg(MESSAGES, u.value).is_none(), "{} twice", u.name);
        }
        for (first, last, d) in RANGES {
            assert!(first <= last && d.value == *first, "{}", d.name);
        }
        assert_eq!(message(1112).map(|d| d.name), Some("AUDIT_USER_LOGIN"));
        assert_eq!(
            message(1150).map(|d| d.name),
            Some("AUDIT_FIRST_USER_MSG..AUDIT_LAST_USER_MSG")
        );
        assert_eq!(
            message(2600).map(|d| d.name),
            Some("AUDIT_FIRST_USER_MSG2..AUDIT_LAST_USER_MSG2")
        );
        assert!(message(3000).is_none());
        assert!(message(999).is_none());
    }

    /// A record from `corpus/audit-k6.18.pcapng` (frame 3's shape): the stamp, plain
    /// and quoted values, and the nested fields of `msg='…'`.
    #[test]
    fn a_record_splits_into_its_fields() {
        let t = b"audit(1796691133.278:9): pid=28747 uid=0 msg='op=login exe=\"/usr/sbin/sshd\" hostname=? res=failed'\0";
        let t = text(t);
        let (time, serial, len) = stamp(t).unwrap();
        assert_eq!((time, serial, len), (&b"1796691133.278"[..], 9, 25));
        let f: Vec<_> = fields(&t[len..], 16 + len).collect();
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].key, Some(&b"pid"[..]));
        assert_eq!(f[0].offset, 16 + 25);
        assert_eq!(f[2].key, Some(&b"msg"[..]));
        assert_eq!(f[2].quote, Some(b'\''));
        let inner: Vec<_> = fields(f[2].value, f[2].offset + 5).collect();
        assert_eq!(inner[1].value, b"/usr/sbin/sshd");
        assert_eq!(inner[1].quote, Some(b'"'));
        assert_eq!(inner[1].offset, f[2].offset + 5 + 9);
        assert_eq!(inner[3].value, b"failed");
        // Bare words and a missing closing quote keep every byte.
        let w: Vec<_> = fields(b"avc:  denied { read } x='open", 0).collect();
        assert_eq!(w.iter().filter(|f| f.key.is_none()).count(), 5);
        assert_eq!(w[5].value, b"'open");
    }

    #[test]
    fn garbage_never_panics_and_ends() {
        for t in [
            &b""[..],
            b"=",
            b"==",
            b"a=",
            b"a='",
            b"a=\"",
            b"   ",
            b"audit(",
            b"audit(1:x): ",
        ] {
            let _ = stamp(t);
            assert!(fields(t, 0).count() <= t.len());
        }
    }
}
