//! One line per message.
