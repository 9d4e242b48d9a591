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
//! status messages `AUDIT_GET`/`AUDIT_SET` carry `struct audit_status`. Other control
//! types (rules, TTY, features) and the unnamed user ranges (1100–1199, 2100–2999)
//! are not tabled and stay hex.

use crate::families::schema::{FieldKind, Hint, MsgDef, StructDef};
use crate::families::table::*;

/// The text of an audit record: the whole payload (not a kernel struct; the kernel
/// writes the text without a terminating NUL, user space may add one).
pub static AUDIT_TEXT: StructDef = StructDef {
    name: "audit_text",
    size: 0,
    fields: &[field("text", 0, FieldKind::Rest(Hint::Text))],
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

/// The audit message types nlscope decodes, sorted by value.
pub static MESSAGES: &[MsgDef] = &[
    msg(1000, "AUDIT_GET", Some(&AUDIT_STATUS), None),
    msg(1001, "AUDIT_SET", Some(&AUDIT_STATUS), None),
    msg(1005, "AUDIT_USER", Some(&AUDIT_TEXT), None),
    msg(1006, "AUDIT_LOGIN", Some(&AUDIT_TEXT), None),
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

/// The definition of audit message type `ty`, if tabled.
pub fn message(ty: u16) -> Option<&'static MsgDef> {
    crate::families::schema::find_msg(MESSAGES, ty)
}
