//! [`rewrite`]: the bytes a request is sent with in the replay namespace.

use super::*;
use crate::wire::endian::Endian;
use crate::wire::nlmsg::Header;

/// Why a request was not sent.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct NotReplayed(pub String);

/// The bytes to send for `r`: sequence number `seq`, port id 0 (the kernel's choice),
/// genl id `genl_id` when given, `CTRL_ATTR_FAMILY_ID`s through `family_id` (name →
/// id in the replay kernel; [`ABSENT_FAMILY_ID`] when it has none), and interface
/// indexes through `ifindex` (name → index in the replay namespace). Host byte order.
///
/// # Errors
/// A byte order other than this host's, an interface name the replay namespace does
/// not have, or a family id the capture never names.
pub fn rewrite(
    r: &Request,
    seq: u32,
    genl_id: Option<u16>,
    mut family_id: impl FnMut(&str) -> Option<u16>,
    mut ifindex: impl FnMut(&str) -> Option<i32>,
) -> Result<Vec<u8>, NotReplayed> {
    if r.endian != Endian::NATIVE {
        return Err(NotReplayed(
            "captured on a machine of the other byte order".into(),
        ));
    }
    let mut b = r.bytes.clone();
    let Ok(mut h) = Header::parse(&b, r.endian) else {
        return Err(NotReplayed("message shorter than its header".into()));
    };
    h.seq = seq;
    h.pid = 0;
    if let Some(id) = genl_id {
        h.ty = id;
    }
    for (dst, src) in b.iter_mut().zip(h.to_bytes(r.endian)) {
        *dst = src;
    }
    for f in &r.family_ids {
        let Some(name) = &f.name else {
            return Err(NotReplayed(format!(
                "CTRL_ATTR_FAMILY_ID {}: no nlctrl message of the capture names this family",
                f.id
            )));
        };
        let id = family_id(name).unwrap_or(ABSENT_FAMILY_ID);
        if let Some(slot) = b.get_mut(f.offset..f.offset + 2) {
            slot.copy_from_slice(&r.endian.u16_bytes(id));
        }
    }
    for f in &r.ifrefs {
        let put = |b: &mut Vec<u8>, v: i32| {
            if let Some(slot) = b.get_mut(f.offset..f.offset + 4) {
                slot.copy_from_slice(&r.endian.u32_bytes(u32::from_ne_bytes(v.to_ne_bytes())));
            }
        };
        if f.gone {
            put(&mut b, GONE_IFINDEX);
            continue;
        }
        let Some(name) = &f.name else {
            // Index 1 is `lo` in every namespace.
            if f.index == 1 {
                continue;
            }
            return Err(NotReplayed(format!(
                "{} {}: the capture never names this device",
                f.field, f.index
            )));
        };
        let Some(new) = ifindex(name) else {
            return Err(NotReplayed(format!(
                "device {name:?} ({} {} in the capture) does not exist in the replay namespace",
                f.field, f.index
            )));
        };
        put(&mut b, new);
    }
    Ok(b)
}
