//! Tables generated from the kernel's YAML netlink specs by `cargo xtask codegen`.
//! (Not generated yet.)
