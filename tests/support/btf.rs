//! A reader for the kernel's BTF (`/sys/kernel/btf/vmlinux`): just enough to lay out
//! a named struct, member by member, down to integers, their byte order and bit fields.
//!
//! The format is the kernel's `Documentation/bpf/btf.rst` (include/uapi/linux/btf.h):
//! a header, a type section of `struct btf_type` records, each followed by its kind's
//! extra data, and a string section. Type ids count from 1 in the order of the
//! records (0 is `void`). The file is in the byte order of the kernel that wrote it
//! (the magic `0xeb9f` tells which), so a BTF copied from a big-endian guest reads too.
//!
//! Errors are strings: this is test support, and a malformed file is a test failure.

use std::collections::HashMap;

const MAGIC: u16 = 0xeb9f;

/// `BTF_KIND_*` values this reader looks at.
pub mod kind {
    pub const INT: u8 = 1;
    pub const PTR: u8 = 2;
    pub const ARRAY: u8 = 3;
    pub const STRUCT: u8 = 4;
    pub const UNION: u8 = 5;
    pub const ENUM: u8 = 6;
    pub const FWD: u8 = 7;
    pub const TYPEDEF: u8 = 8;
    pub const VOLATILE: u8 = 9;
    pub const CONST: u8 = 10;
    pub const RESTRICT: u8 = 11;
    pub const FUNC: u8 = 12;
    pub const FUNC_PROTO: u8 = 13;
    pub const VAR: u8 = 14;
    pub const DATASEC: u8 = 15;
    pub const FLOAT: u8 = 16;
    pub const DECL_TAG: u8 = 17;
    pub const TYPE_TAG: u8 = 18;
    pub const ENUM64: u8 = 19;
}

/// One member of a struct or union.
#[derive(Clone, Debug)]
pub struct Member {
    pub name: String,
    pub ty: u32,
    /// Offset from the start of the enclosing struct, in bits.
    pub bit_offset: u32,
    /// Width of a bit field; 0 for an ordinary member.
    pub bitfield_size: u32,
}

/// One type record.
#[derive(Clone, Debug)]
pub struct Type {
    pub kind: u8,
    pub name: String,
    /// `size` (INT, STRUCT, UNION, ENUM, ENUM64, FLOAT, DATASEC) or `type` (the rest).
    pub size_or_type: u32,
    /// The `kind_flag` bit: signed for enums, bit-field offsets for structs.
    pub kflag: bool,
    /// INT: `BTF_INT_ENCODING` (1 signed, 2 char, 4 bool), bit offset, bits.
    pub int: Option<(u32, u32, u32)>,
    /// ARRAY: element type, number of elements.
    pub array: Option<(u32, u32)>,
    /// STRUCT, UNION.
    pub members: Vec<Member>,
}

/// A parsed BTF blob.
pub struct Btf {
    /// Index = type id; index 0 is a stand-in for `void`.
    pub types: Vec<Type>,
    by_name: HashMap<String, Vec<u32>>,
    strs: Vec<u8>,
}

struct Rd<'a> {
    b: &'a [u8],
    big: bool,
}

impl Rd<'_> {
    fn u32(&self, at: usize) -> Result<u32, String> {
        let s = self
            .b
            .get(at..at + 4)
            .ok_or_else(|| format!("BTF truncated at byte {at}"))?;
        let a = [s[0], s[1], s[2], s[3]];
        Ok(if self.big {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        })
    }
}

fn string(strs: &[u8], off: u32) -> Result<String, String> {
    let s = strs
        .get(off as usize..)
        .ok_or_else(|| format!("string offset {off} outside the string section"))?;
    let end = s.iter().position(|&c| c == 0).unwrap_or(s.len());
    Ok(String::from_utf8_lossy(&s[..end]).into_owned())
}

impl Btf {
    /// Parse a whole BTF file (`/sys/kernel/btf/vmlinux` or a copy of it).
    pub fn parse(b: &[u8]) -> Result<Btf, String> {
        Btf::parse_split(b, None)
    }

    /// Parse a module's split BTF (`/sys/kernel/btf/<module>`), whose type ids and
    /// string offsets continue those of `base` (vmlinux): the result holds both.
    pub fn parse_split(b: &[u8], base: Option<&Btf>) -> Result<Btf, String> {
        let m = b.get(..2).ok_or("BTF shorter than its magic")?;
        let big = if u16::from_le_bytes([m[0], m[1]]) == MAGIC {
            false
        } else if u16::from_be_bytes([m[0], m[1]]) == MAGIC {
            true
        } else {
            return Err(format!("not BTF: magic {:02x}{:02x}", m[0], m[1]));
        };
        let r = Rd { b, big };
        let hdr_len = r.u32(4)? as usize;
        let type_off = r.u32(8)? as usize;
        let type_len = r.u32(12)? as usize;
        let str_off = r.u32(16)? as usize;
        let str_len = r.u32(20)? as usize;
        let own = b
            .get(hdr_len + str_off..hdr_len + str_off + str_len)
            .ok_or("string section outside the file")?;
        let mut strs = base.map_or_else(Vec::new, |b| b.strs.clone());
        strs.extend_from_slice(own);
        let strs = strs.as_slice();
        let start = hdr_len + type_off;
        let end = start + type_len;
        if end > b.len() {
            return Err("type section outside the file".into());
        }
        let mut types = match base {
            Some(b) => b.types.clone(),
            None => vec![Type {
                kind: 0,
                name: "void".into(),
                size_or_type: 0,
                kflag: false,
                int: None,
                array: None,
                members: Vec::new(),
            }],
        };
        let mut at = start;
        while at < end {
            let name = string(strs, r.u32(at)?)?;
            let info = r.u32(at + 4)?;
            let size_or_type = r.u32(at + 8)?;
            at += 12;
            let vlen = (info & 0xffff) as usize;
            let k = ((info >> 24) & 0x1f) as u8;
            let kflag = info >> 31 == 1;
            let mut t = Type {
                kind: k,
                name,
                size_or_type,
                kflag,
                int: None,
                array: None,
                members: Vec::new(),
            };
            match k {
                kind::INT => {
                    let v = r.u32(at)?;
                    t.int = Some(((v >> 24) & 0x0f, (v >> 16) & 0xff, v & 0xff));
                    at += 4;
                }
                kind::ARRAY => {
                    t.array = Some((r.u32(at)?, r.u32(at + 8)?));
                    at += 12;
                }
                kind::STRUCT | kind::UNION => {
                    for i in 0..vlen {
                        let p = at + 12 * i;
                        let off = r.u32(p + 8)?;
                        let (bit_offset, bitfield_size) = if kflag {
                            (off & 0x00ff_ffff, off >> 24)
                        } else {
                            (off, 0)
                        };
                        t.members.push(Member {
                            name: string(strs, r.u32(p)?)?,
                            ty: r.u32(p + 4)?,
                            bit_offset,
                            bitfield_size,
                        });
                    }
                    at += 12 * vlen;
                }
                kind::ENUM => at += 8 * vlen,
                kind::ENUM64 => at += 12 * vlen,
                kind::FUNC_PROTO => at += 8 * vlen,
                kind::VAR | kind::DECL_TAG => at += 4,
                kind::DATASEC => at += 12 * vlen,
                kind::PTR
                | kind::FWD
                | kind::TYPEDEF
                | kind::VOLATILE
                | kind::CONST
                | kind::RESTRICT
                | kind::FUNC
                | kind::FLOAT
                | kind::TYPE_TAG => {}
                other => return Err(format!("unknown BTF kind {other} at byte {at}")),
            }
            types.push(t);
        }
        let mut by_name: HashMap<String, Vec<u32>> = HashMap::new();
        for (id, t) in types.iter().enumerate() {
            if matches!(t.kind, kind::STRUCT | kind::UNION) && !t.name.is_empty() {
                by_name.entry(t.name.clone()).or_default().push(id as u32);
            }
        }
        Ok(Btf {
            types,
            by_name,
            strs: strs.to_vec(),
        })
    }

    pub fn ty(&self, id: u32) -> Option<&Type> {
        self.types.get(id as usize)
    }

    /// The ids of the structs and unions named `name` (a deduplicated vmlinux BTF has
    /// one; two mean two different layouts under one name).
    pub fn structs_named(&self, name: &str) -> &[u32] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// Follow TYPEDEF, CONST, VOLATILE, RESTRICT and TYPE_TAG to the type they name;
    /// also returns the typedef names passed on the way (`__be16`, `__u16`, …).
    pub fn strip(&self, mut id: u32) -> (u32, Vec<String>) {
        let mut names = Vec::new();
        for _ in 0..32 {
            let Some(t) = self.ty(id) else { break };
            match t.kind {
                kind::TYPEDEF => {
                    names.push(t.name.clone());
                    id = t.size_or_type;
                }
                kind::CONST | kind::VOLATILE | kind::RESTRICT | kind::TYPE_TAG => {
                    id = t.size_or_type;
                }
                _ => break,
            }
        }
        (id, names)
    }

    /// Size in bytes of a type, if it has one.
    pub fn size_of(&self, id: u32) -> Option<u64> {
        let (id, _) = self.strip(id);
        let t = self.ty(id)?;
        match t.kind {
            kind::INT | kind::STRUCT | kind::UNION | kind::ENUM | kind::ENUM64 | kind::FLOAT => {
                Some(u64::from(t.size_or_type))
            }
            kind::PTR => Some(8),
            kind::ARRAY => {
                let (elem, n) = t.array?;
                Some(self.size_of(elem)? * u64::from(n))
            }
            _ => None,
        }
    }

    /// The member called `name` of struct or union `id`, looking into anonymous
    /// structs and unions as C does; the offset is from the start of `id`.
    pub fn member(&self, id: u32, name: &str) -> Option<Member> {
        let (id, _) = self.strip(id);
        let t = self.ty(id)?;
        if !matches!(t.kind, kind::STRUCT | kind::UNION) {
            return None;
        }
        for m in &t.members {
            if m.name == name {
                return Some(m.clone());
            }
        }
        for m in t.members.iter().filter(|m| m.name.is_empty()) {
            if let Some(inner) = self.member(m.ty, name) {
                return Some(Member {
                    bit_offset: m.bit_offset + inner.bit_offset,
                    ..inner
                });
            }
        }
        None
    }

    /// Every member of struct `id` that is not a struct or union itself, with its
    /// offset from the start of `id`, depth first (arrays of structs are leaves).
    pub fn leaves(&self, id: u32, base: u32, out: &mut Vec<(String, Member)>, prefix: &str) {
        let (id, _) = self.strip(id);
        let Some(t) = self.ty(id) else { return };
        for m in &t.members {
            let path = match (prefix.is_empty(), m.name.is_empty()) {
                (_, true) => prefix.to_string(),
                (true, false) => m.name.clone(),
                (false, false) => format!("{prefix}.{}", m.name),
            };
            let (inner, _) = self.strip(m.ty);
            let is_aggregate = self
                .ty(inner)
                .is_some_and(|t| matches!(t.kind, kind::STRUCT | kind::UNION));
            let off = base + m.bit_offset;
            if is_aggregate {
                self.leaves(inner, off, out, &path);
            } else {
                out.push((
                    path,
                    Member {
                        bit_offset: off,
                        ..m.clone()
                    },
                ));
            }
        }
    }
}
