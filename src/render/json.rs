//! JSON Lines.
