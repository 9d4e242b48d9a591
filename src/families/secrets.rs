//! Attributes and struct members that carry key material. Every renderer (text, line,
//! JSON) leaves their bytes out unless the user asks for `--show-secrets`: text and
//! line show `<redacted N bytes: --show-secrets>`, JSON keeps the attribute's name,
//! type, offset and length and writes `"redacted":true` instead of the value. An
//! attribute of the table that fails to decode (a wrong length) is redacted too: its
//! raw bytes are the key. Captures themselves are written with mode 0600 for the same
//! reason.
//!
//! The table is checked by `tests/secrets.rs`: every name is a row of nlscope's tables
//! and a name of the kernel's uapi headers, and the uapi attributes whose names say
//! key, secret, password, PSK, KEK/KCK or cookie are either here or in that test's
//! list of non-secrets with the reason.

/// One attribute or struct member that holds key material.
#[derive(Clone, Copy, Debug)]
pub struct Secret {
    /// The kernel's name: an attribute constant (`WGDEVICE_A_PRIVATE_KEY`) or a
    /// struct member (`alg_key`).
    pub name: &'static str,
    /// The uapi header that defines it (`linux/wireguard.h`).
    pub header: &'static str,
    /// What it holds.
    pub holds: &'static str,
}

/// Shorthand for a row.
const fn s(name: &'static str, header: &'static str, holds: &'static str) -> Secret {
    Secret {
        name,
        header,
        holds,
    }
}

/// One row per secret.
pub static SECRETS: &[Secret] = &[
    s(
        "WGDEVICE_A_PRIVATE_KEY",
        "linux/wireguard.h",
        "the device's Curve25519 private key",
    ),
    s(
        "WGPEER_A_PRESHARED_KEY",
        "linux/wireguard.h",
        "a peer's symmetric preshared key",
    ),
    s(
        "MACSEC_SA_ATTR_KEY",
        "linux/if_macsec.h",
        "a secure association's AES key",
    ),
    s(
        "alg_key",
        "linux/xfrm.h",
        "the key of struct xfrm_algo, xfrm_algo_auth and xfrm_algo_aead \
         (XFRMA_ALG_CRYPT, _AUTH, _AUTH_TRUNC, _AEAD)",
    ),
    // The attributes that hold those structs: when one is too short for its struct it
    // is shown raw, and the raw bytes hold the key. (XFRMA_ALG_COMP holds the same
    // struct with a compression algorithm's name and no key: not listed.)
    s(
        "XFRMA_ALG_AUTH",
        "linux/xfrm.h",
        "struct xfrm_algo with an authentication key",
    ),
    s(
        "XFRMA_ALG_CRYPT",
        "linux/xfrm.h",
        "struct xfrm_algo with an encryption key",
    ),
    s(
        "XFRMA_ALG_AUTH_TRUNC",
        "linux/xfrm.h",
        "struct xfrm_algo_auth with an authentication key",
    ),
    s(
        "XFRMA_ALG_AEAD",
        "linux/xfrm.h",
        "struct xfrm_algo_aead with an AEAD key",
    ),
    s(
        "NL80211_ATTR_KEY",
        "linux/nl80211.h",
        "a nest of NL80211_KEY_* with the key data (shown as bytes)",
    ),
    s(
        "NL80211_ATTR_KEYS",
        "linux/nl80211.h",
        "nests of NL80211_KEY_* with the key data (shown as bytes)",
    ),
    s(
        "NL80211_ATTR_KEY_DATA",
        "linux/nl80211.h",
        "a WEP/TKIP/CCMP key",
    ),
    s(
        "NL80211_ATTR_PMK",
        "linux/nl80211.h",
        "a pairwise master key",
    ),
    s(
        "NL80211_ATTR_REKEY_DATA",
        "linux/nl80211.h",
        "a nest with the KEK and KCK for GTK rekeying (shown as bytes)",
    ),
    s(
        "NL80211_ATTR_SAE_PASSWORD",
        "linux/nl80211.h",
        "the SAE (WPA3) password",
    ),
    s(
        "NL80211_ATTR_FILS_KEK",
        "linux/nl80211.h",
        "the FILS key encryption key",
    ),
    s(
        "NL80211_ATTR_FILS_ERP_RRK",
        "linux/nl80211.h",
        "the FILS ERP re-authentication root key",
    ),
    s(
        "OVPN_A_KEYDIR_CIPHER_KEY",
        "linux/ovpn.h",
        "an OpenVPN data channel key",
    ),
    s(
        "OVPN_A_KEYDIR_NONCE_TAIL",
        "linux/ovpn.h",
        "the secret part of an OpenVPN data channel nonce",
    ),
    s(
        "PSP_A_KEYS_KEY",
        "linux/psp.h",
        "a PSP security association key",
    ),
    s(
        "HANDSHAKE_A_X509_PRIVKEY",
        "linux/handshake.h",
        "a TLS handshake's private key (a keyring serial)",
    ),
    s(
        "SEG6_ATTR_SECRET",
        "linux/seg6_genl.h",
        "an SRv6 HMAC secret",
    ),
    s(
        "L2TP_ATTR_COOKIE",
        "linux/l2tp.h",
        "an L2TPv3 session cookie (RFC 3931 §4.1: a value an attacker must not learn)",
    ),
    s(
        "L2TP_ATTR_PEER_COOKIE",
        "linux/l2tp.h",
        "the peer's L2TPv3 session cookie",
    ),
];

/// Whether an attribute or member of this name holds key material.
pub fn is_secret(name: &str) -> bool {
    SECRETS.iter().any(|s| s.name == name)
}
