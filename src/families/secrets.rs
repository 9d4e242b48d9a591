//! Attributes and struct members that carry key material. Text and line output show
//! `<redacted N bytes>` for them unless the user asks for `--show-secrets`; captures
//! themselves are written with mode 0600 for the same reason.

/// One row per secret: an attribute's kernel name, or a struct member's name.
pub static SECRETS: &[&str] = &[
    "WGDEVICE_A_PRIVATE_KEY",
    "WGPEER_A_PRESHARED_KEY",
    "MACSEC_SA_ATTR_KEY",
    "alg_key",
    "NL80211_ATTR_KEY_DATA",
    "NL80211_ATTR_PMK",
    "NL80211_ATTR_REKEY_DATA",
    "OVPN_A_KEYDIR_CIPHER_KEY",
    "OVPN_A_KEYDIR_NONCE_TAIL",
    "PSP_A_KEYS_KEY",
    "HANDSHAKE_A_X509_PRIVKEY",
    "SEG6_ATTR_SECRET",
];

/// Whether an attribute or member of this name holds key material.
pub fn is_secret(name: &str) -> bool {
    SECRETS.contains(&name)
}
