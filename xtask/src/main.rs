//! `cargo xtask`: the one entry point that people and CI share.
mod bench;
mod fuzz;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (task, rest) = args.split_first().map_or(("", &[][..]), |(t, r)| (t.as_str(), r));
    match task {
        "fuzz" => fuzz::run(rest),
        "bench" => bench::run(rest),
        _ => {
            eprintln!("usage: cargo xtask <fuzz|bench> [options]");
            std::process::exit(2);
        }
    }
}
