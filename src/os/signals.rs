//! SIGINT/SIGTERM as a readable descriptor, so the capture loop can `poll`
//! it with the sockets and stop cleanly between records.

use nix::sys::signal::{SigSet, Signal};
use nix::sys::signalfd::{SfdFlags, SignalFd};
use std::os::fd::{AsFd, BorrowedFd};

/// Blocked SIGINT/SIGTERM delivered through a `signalfd`.
#[derive(Debug)]
pub struct StopSignals {
    fd: SignalFd,
}

impl StopSignals {
    /// Blocks SIGINT and SIGTERM for this thread (call before starting any
    /// thread) and opens a non-blocking `signalfd` for them.
    ///
    /// # Errors
    /// From `pthread_sigmask` or `signalfd`.
    pub fn install() -> anyhow::Result<Self> {
        let mut set = SigSet::empty();
        set.add(Signal::SIGINT);
        set.add(Signal::SIGTERM);
        set.thread_block()?;
        let fd = SignalFd::with_flags(&set, SfdFlags::SFD_NONBLOCK | SfdFlags::SFD_CLOEXEC)?;
        Ok(StopSignals { fd })
    }

    /// The signal received, if any (non-blocking).
    pub fn take(&self) -> Option<Signal> {
        match self.fd.read_signal() {
            Ok(Some(info)) => Signal::try_from(i32::try_from(info.ssi_signo).ok()?).ok(),
            _ => None,
        }
    }

    /// Descriptor for `poll`.
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}
