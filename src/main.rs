//! The `nlscope` command.
fn main() {}
