//! AES-256-GCM for the storage barrier, as a Node-API class.
//!
//! A sealed box is `nonce(12) ‖ ciphertext ‖ tag(16)`, the layout `aes-gcm.ts` documents; the
//! caller draws the nonce (it keeps a CSPRNG pool) and writes it into the output first. Buffers are
//! borrowed from JavaScript for the length of one call and never kept.

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use napi::bindgen_prelude::*;
use napi::JsBuffer;
use napi_derive::napi;

const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 12;
const TAG_BYTES: usize = 16;

/// One AES-256 key, expanded once. Dropping it (destroy() or garbage collection) zeroes the
/// expanded key and the GHASH key (the `zeroize` features in Cargo.toml).
#[napi]
pub struct AesGcmKey {
    cipher: Option<Aes256Gcm>,
}

#[napi]
impl AesGcmKey {
    #[napi(constructor)]
    pub fn new(key: JsBuffer) -> Result<Self> {
        let key = key.into_value()?;
        if key.len() != KEY_BYTES {
            return Err(invalid(format!("an AES-256 key is {KEY_BYTES} bytes, got {}", key.len())));
        }
        let cipher = Aes256Gcm::new_from_slice(&key).map_err(|_| invalid("bad key length".into()))?;
        Ok(Self { cipher: Some(cipher) })
    }

    /// Encrypts `plaintext` into `out[offset..]`, whose first 12 bytes already hold the nonce and
    /// which must be exactly nonce + plaintext + tag long from `offset`.
    #[napi]
    pub fn seal_into(&self, plaintext: JsBuffer, aad: JsBuffer, out: JsBuffer, offset: u32) -> Result<()> {
        let cipher = self.cipher()?;
        let (plaintext, aad, mut out) = (plaintext.into_value()?, aad.into_value()?, out.into_value()?);
        let out: &mut [u8] = &mut out;
        let offset = offset as usize;
        let body_end = offset + NONCE_BYTES + plaintext.len();
        if out.len() != body_end + TAG_BYTES {
            return Err(invalid(format!(
                "the output must be {} bytes from offset {offset}, got {}",
                NONCE_BYTES + plaintext.len() + TAG_BYTES,
                out.len().saturating_sub(offset)
            )));
        }
        if overlaps(&plaintext, out) || overlaps(&aad, out) {
            return Err(invalid("the output must not share memory with the plaintext or the associated data".into()));
        }
        let (head, tag_out) = out.split_at_mut(body_end);
        let (nonce, body) = head[offset..].split_at_mut(NONCE_BYTES);
        body.copy_from_slice(&plaintext);
        let tag = cipher
            .encrypt_in_place_detached(Nonce::from_slice(nonce), &aad, body)
            .map_err(|_| invalid("the plaintext is too long for AES-GCM".into()))?;
        tag_out.copy_from_slice(&tag);
        Ok(())
    }

    /// Opens the box `sealed[offset..]` into `out` (exactly its plaintext length). Returns false,
    /// with `out` zeroed, when authentication fails: wrong key, wrong associated data, altered bytes.
    #[napi]
    pub fn open_into(&self, sealed: JsBuffer, offset: u32, aad: JsBuffer, out: JsBuffer) -> Result<bool> {
        let cipher = self.cipher()?;
        let (sealed, aad, mut out) = (sealed.into_value()?, aad.into_value()?, out.into_value()?);
        let out: &mut [u8] = &mut out;
        let offset = offset as usize;
        if sealed.len() < offset + NONCE_BYTES + TAG_BYTES || out.len() != sealed.len() - offset - NONCE_BYTES - TAG_BYTES {
            return Err(invalid("the output must be exactly the box's plaintext length".into()));
        }
        if overlaps(&sealed, out) || overlaps(&aad, out) {
            return Err(invalid("the output must not share memory with the box or the associated data".into()));
        }
        let tag_at = sealed.len() - TAG_BYTES;
        out.copy_from_slice(&sealed[offset + NONCE_BYTES..tag_at]);
        let nonce = Nonce::from_slice(&sealed[offset..offset + NONCE_BYTES]);
        let tag = Tag::from_slice(&sealed[tag_at..]);
        match cipher.decrypt_in_place_detached(nonce, &aad, out, tag) {
            Ok(()) => Ok(true),
            Err(_) => {
                out.fill(0);
                Ok(false)
            }
        }
    }

    /// Zeroes and drops the key now instead of at garbage collection; later calls fail.
    #[napi]
    pub fn destroy(&mut self) {
        self.cipher = None;
    }
}

impl AesGcmKey {
    fn cipher(&self) -> Result<&Aes256Gcm> {
        self.cipher.as_ref().ok_or_else(|| invalid("this key was destroyed (the storage was sealed)".into()))
    }
}

fn overlaps(a: &[u8], b: &[u8]) -> bool {
    let (a0, b0) = (a.as_ptr() as usize, b.as_ptr() as usize);
    !a.is_empty() && !b.is_empty() && a0 < b0 + b.len() && b0 < a0 + a.len()
}

fn invalid(reason: String) -> Error {
    Error::new(Status::InvalidArg, reason)
}
