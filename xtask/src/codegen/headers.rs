//! Test support: the values of the enum constants in the installed uapi headers
//! (`/usr/include/linux`, from linux-libc-dev), to check generated names and numbers.

use std::collections::BTreeMap;
use std::path::Path;

/// `name → value` for every enum constant whose value could be worked out; names
/// defined twice with different values are dropped.
pub fn enum_constants(dir: &Path) -> BTreeMap<String, i64> {
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    let mut all: BTreeMap<String, Option<i64>> = BTreeMap::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for (name, value) in parse(&text) {
            match all.get(&name) {
                Some(Some(v)) if *v != value => {
                    all.insert(name, None);
                }
                Some(None) => {}
                _ => {
                    all.insert(name, Some(value));
                }
            }
        }
    }
    all.into_iter()
        .filter_map(|(n, v)| v.map(|v| (n, v)))
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "h") {
            out.push(p);
        }
    }
}

/// Remove comments and preprocessor lines.
fn clean(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("/*") {
        out.push_str(rest.get(..i).unwrap_or(""));
        rest = match rest.get(i + 2..).and_then(|r| r.find("*/").map(|j| (r, j))) {
            Some((r, j)) => r.get(j + 2..).unwrap_or(""),
            None => "",
        };
        out.push(' ');
    }
    out.push_str(rest);
    out.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse(text: &str) -> Vec<(String, i64)> {
    let text = clean(text);
    let mut out = Vec::new();
    let mut known: BTreeMap<String, i64> = BTreeMap::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("enum") {
        let after = rest.get(i + 4..).unwrap_or("");
        rest = after;
        // `enum` must be a whole word followed by an optional tag and `{`.
        if !after.starts_with(|c: char| c.is_whitespace() || c == '{') {
            continue;
        }
        let Some(open) = after.find('{') else { break };
        let tag = after.get(..open).unwrap_or("").trim();
        if !tag.chars().all(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(close) = after.find('}') else { break };
        if close < open {
            continue;
        }
        let body = after.get(open + 1..close).unwrap_or("");
        rest = after.get(close..).unwrap_or("");
        let mut next: Option<i64> = Some(0);
        for item in body.split(',') {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            let (name, value) = match item.split_once('=') {
                Some((n, e)) => (n.trim(), eval(e.trim(), &known)),
                None => (item, next),
            };
            if !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                next = None;
                continue;
            }
            if let Some(v) = value {
                known.insert(name.to_string(), v);
                out.push((name.to_string(), v));
            }
            next = value.map(|v| v + 1);
        }
    }
    out
}

/// Evaluate a constant expression of integers, known names, `+ - << | ( )`.
fn eval(expr: &str, known: &BTreeMap<String, i64>) -> Option<i64> {
    let toks = tokens(expr)?;
    let mut p = Parser {
        toks,
        pos: 0,
        known,
    };
    let v = p.or()?;
    (p.pos == p.toks.len()).then_some(v)
}

fn tokens(s: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c.is_alphanumeric() || c == '_' {
            let mut t = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_alphanumeric() || c == '_' {
                    t.push(c);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(t);
        } else if c == '<' {
            chars.next();
            if chars.next() != Some('<') {
                return None;
            }
            out.push("<<".into());
        } else if "+-|()".contains(c) {
            out.push(c.to_string());
            chars.next();
        } else {
            return None;
        }
    }
    Some(out)
}

struct Parser<'a> {
    toks: Vec<String>,
    pos: usize,
    known: &'a BTreeMap<String, i64>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.toks.get(self.pos).map(String::as_str)
    }
    fn or(&mut self) -> Option<i64> {
        let mut v = self.shift()?;
        while self.peek() == Some("|") {
            self.pos += 1;
            v |= self.shift()?;
        }
        Some(v)
    }
    fn shift(&mut self) -> Option<i64> {
        let mut v = self.sum()?;
        while self.peek() == Some("<<") {
            self.pos += 1;
            v = v.checked_shl(u32::try_from(self.sum()?).ok()?)?;
        }
        Some(v)
    }
    fn sum(&mut self) -> Option<i64> {
        let mut v = self.atom()?;
        loop {
            match self.peek() {
                Some("+") => {
                    self.pos += 1;
                    v += self.atom()?;
                }
                Some("-") => {
                    self.pos += 1;
                    v -= self.atom()?;
                }
                _ => return Some(v),
            }
        }
    }
    fn atom(&mut self) -> Option<i64> {
        let t = self.peek()?.to_string();
        self.pos += 1;
        if t == "(" {
            let v = self.or()?;
            if self.peek() != Some(")") {
                return None;
            }
            self.pos += 1;
            return Some(v);
        }
        if t == "-" {
            return self.atom().map(|v| -v);
        }
        if t.starts_with(|c: char| c.is_ascii_digit()) {
            let t = t.trim_end_matches(['u', 'U', 'l', 'L']);
            return match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                Some(h) => i64::from_str_radix(h, 16).ok(),
                None => t.parse().ok(),
            };
        }
        self.known.get(&t).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_enums() {
        let m = parse(
            "enum x {\n A, /* c */ B = 5,\n#ifdef X\n C,\n#endif\n D = (1 << 3) | B, E,\n};\n\
             #define F 3\nenum { G = D + 1, };",
        );
        assert_eq!(
            m,
            vec![
                ("A".into(), 0),
                ("B".into(), 5),
                ("C".into(), 6),
                ("D".into(), 13),
                ("E".into(), 14),
                ("G".into(), 14)
            ]
        );
    }
}
