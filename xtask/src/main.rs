//! `cargo xtask`: the one entry point that people and CI share.
fn main() {
    eprintln!("xtask: no tasks yet");
    std::process::exit(2);
}
