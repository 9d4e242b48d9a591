#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs)]
use nlscope::decode::{decode_message, AttrsView, Body, Context, FieldValue, StructView, Value};
use nlscope::endian::Endian;
use nlscope::nlmsg::Messages;
fn st(s: &StructView<'_>, ind: usize) {
    for (f, v) in s.fields() {
        let v = match v {
            FieldValue::Unsigned(x) => format!("{x} ({x:#x})"),
            FieldValue::Signed(x) => format!("{x}"),
            FieldValue::Bytes(b) => format!("{:02x?}", b),
        };
        if f.name.starts_with("__pad") || f.name.starts_with("_pad") {
            continue;
        }
        println!("{:ind$}{} = {}", "", f.name, v, ind = ind);
    }
    if !s.tail().is_empty() {
        println!("{:ind$}<tail {} bytes>", "", s.tail().len(), ind = ind);
    }
}
fn walk(v: AttrsView<'_>, ind: usize) {
    for a in v {
        let a = a.unwrap();
        let name = a
            .name
            .map(str::to_owned)
            .unwrap_or(format!("?{}", a.attr.ty));
        match a.value {
            Value::Nest(n) => {
                println!("{:ind$}{name}:", "", ind = ind);
                walk(n, ind + 2)
            }
            Value::SubMessage { attrs, header, .. } => {
                println!("{:ind$}{name}:", "", ind = ind);
                if let Some(h) = header {
                    st(&h, ind + 2)
                }
                walk(attrs, ind + 2)
            }
            Value::Struct(s) => {
                println!("{:ind$}{name}: struct {}", "", s.def.name, ind = ind);
                st(&s, ind + 2)
            }
            Value::StructArray(s) => {
                println!("{:ind$}{name}: []{}", "", s.def.name, ind = ind);
                for e in s.elements() {
                    st(&e, ind + 2)
                }
            }
            Value::String(b) => println!(
                "{:ind$}{name} = {:?}",
                "",
                String::from_utf8_lossy(b),
                ind = ind
            ),
            Value::Bytes(b) => println!("{:ind$}{name} = {:02x?}", "", b, ind = ind),
            ref v => println!("{:ind$}{name} = {v:?}", "", ind = ind),
        }
    }
}
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let d = std::fs::read(&args[1]).unwrap();
    let want: Vec<usize> = args[2].split(',').map(|x| x.parse().unwrap()).collect();
    let mut pos = 24;
    let mut n = 0;
    let mut ctx = Context::new();
    while pos + 16 <= d.len() {
        let cl = u32::from_le_bytes(d[pos + 8..pos + 12].try_into().unwrap()) as usize;
        pos += 16;
        let rec = &d[pos..pos + cl];
        pos += cl;
        n += 1;
        let proto = u16::from_be_bytes([rec[14], rec[15]]);
        for m in Messages::new(&rec[16..], Endian::Little) {
            let m = m.unwrap();
            let dd = decode_message(m, proto, &ctx);
            ctx.observe(&dd);
            if !want.contains(&n) {
                continue;
            }
            println!(
                "== frame {n} {:?} flags {:#x}",
                dd.type_name(),
                m.header.flags
            );
            if let Body::Family(f) = dd.body {
                if let Some(h) = f.header {
                    st(&h, 2)
                }
                walk(f.attrs, 2)
            }
        }
    }
}
