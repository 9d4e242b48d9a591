//! The `nlscope` command.
mod cli;

fn main() -> std::process::ExitCode {
    // First, while the process is still single-threaded: the replay sandbox's stages.
    #[cfg(feature = "os")]
    if let Some(code) = nlscope::os::sandbox::stage() {
        return code;
    }
    cli::main()
}
