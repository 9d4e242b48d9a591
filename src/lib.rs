//! nlscope: capture, decode, replay and fuzz Linux netlink traffic.
#![forbid(unsafe_code)]
