//! AES-256-GCM for the storage barrier, as a Node-API class.
//!
//! A sealed box is `nonce(12) ‖ ciphertext ‖ tag(16)`, the layout `aes-gcm.ts` documents; the
//! caller draws the nonce (it keeps a CSPRNG pool) and writes it into the output first. Buffers are
//! borrowed from JavaScript for the length of one call and never kept.

use std::slice;

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use napi::bindgen_prelude::*;
use napi::{check_status, sys, JsBuffer, NapiRaw};
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
    pub fn new(env: Env, key: JsBuffer) -> Result<Self> {
        let key = Bytes::of(&env, &key)?;
        if key.len != KEY_BYTES {
            return Err(invalid(format!("an AES-256 key is {KEY_BYTES} bytes, got {}", key.len)));
        }
        // SAFETY: borrowed for this call only; nothing else touches the key's memory meanwhile.
        let cipher = Aes256Gcm::new_from_slice(unsafe { key.shared() }).map_err(|_| invalid("bad key length".into()))?;
        Ok(Self { cipher: Some(cipher) })
    }

    /// Encrypts `plaintext` into `out[offset..]`, whose first 12 bytes already hold the nonce and
    /// which must be exactly nonce + plaintext + tag long from `offset`.
    #[napi]
    pub fn seal_into(&self, env: Env, plaintext: JsBuffer, aad: JsBuffer, out: JsBuffer, offset: u32) -> Result<()> {
        let cipher = self.cipher()?;
        let (plaintext, aad, out) = (Bytes::of(&env, &plaintext)?, Bytes::of(&env, &aad)?, Bytes::of(&env, &out)?);
        if out.overlaps(&plaintext) || out.overlaps(&aad) {
            return Err(invalid("the output must not share memory with the plaintext or the associated data".into()));
        }
        let offset = offset as usize;
        let body_end = offset + NONCE_BYTES + plaintext.len;
        if out.len != body_end + TAG_BYTES {
            return Err(invalid(format!(
                "the output must be {} bytes from offset {offset}, got {}",
                NONCE_BYTES + plaintext.len + TAG_BYTES,
                out.len.saturating_sub(offset)
            )));
        }
        // SAFETY: the output overlaps neither input (checked above), so the one mutable borrow
        // aliases nothing; all three live only for this synchronous call.
        let (plaintext, aad, out) = unsafe { (plaintext.shared(), aad.shared(), out.exclusive()) };
        let (head, tag_out) = out.split_at_mut(body_end);
        let (nonce, body) = head[offset..].split_at_mut(NONCE_BYTES);
        body.copy_from_slice(plaintext);
        let tag = cipher
            .encrypt_in_place_detached(Nonce::from_slice(nonce), aad, body)
            .map_err(|_| invalid("the plaintext is too long for AES-GCM".into()))?;
        tag_out.copy_from_slice(&tag);
        Ok(())
    }

    /// Opens the box `sealed[offset..]` into `out` (exactly its plaintext length). Returns false,
    /// with `out` zeroed, when authentication fails: wrong key, wrong associated data, altered bytes.
    #[napi]
    pub fn open_into(&self, env: Env, sealed: JsBuffer, offset: u32, aad: JsBuffer, out: JsBuffer) -> Result<bool> {
        let cipher = self.cipher()?;
        let (sealed, aad, out) = (Bytes::of(&env, &sealed)?, Bytes::of(&env, &aad)?, Bytes::of(&env, &out)?);
        if out.overlaps(&sealed) || out.overlaps(&aad) {
            return Err(invalid("the output must not share memory with the box or the associated data".into()));
        }
        let offset = offset as usize;
        if sealed.len < offset + NONCE_BYTES + TAG_BYTES || out.len != sealed.len - offset - NONCE_BYTES - TAG_BYTES {
            return Err(invalid("the output must be exactly the box's plaintext length".into()));
        }
        // SAFETY: as in seal_into.
        let (sealed, aad, out) = unsafe { (sealed.shared(), aad.shared(), out.exclusive()) };
        let tag_at = sealed.len() - TAG_BYTES;
        out.copy_from_slice(&sealed[offset + NONCE_BYTES..tag_at]);
        let nonce = Nonce::from_slice(&sealed[offset..offset + NONCE_BYTES]);
        let tag = Tag::from_slice(&sealed[tag_at..]);
        match cipher.decrypt_in_place_detached(nonce, aad, out, tag) {
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

/// Where a JavaScript Buffer's bytes are, read with napi_get_buffer_info. Slices are made from it
/// only once aliasing has been ruled out, and an empty buffer (whose pointer may be null) becomes
/// an empty slice, never a slice over a null pointer.
struct Bytes {
    ptr: *mut u8,
    len: usize,
}

impl Bytes {
    fn of(env: &Env, buffer: &JsBuffer) -> Result<Self> {
        let mut ptr = std::ptr::null_mut();
        let mut len = 0usize;
        check_status!(unsafe { sys::napi_get_buffer_info(env.raw(), buffer.raw(), &mut ptr, &mut len) })?;
        Ok(Self { ptr: ptr.cast(), len })
    }

    fn overlaps(&self, other: &Bytes) -> bool {
        let (a, b) = (self.ptr as usize, other.ptr as usize);
        self.len > 0 && other.len > 0 && a < b + other.len && b < a + self.len
    }

    /// SAFETY: the caller keeps the buffer alive and unmutated for the slice's use.
    unsafe fn shared<'a>(&self) -> &'a [u8] {
        if self.len == 0 { &[] } else { slice::from_raw_parts(self.ptr, self.len) }
    }

    /// SAFETY: as `shared`, and no other slice over these bytes may be in use.
    unsafe fn exclusive<'a>(&self) -> &'a mut [u8] {
        if self.len == 0 { &mut [] } else { slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

fn invalid(reason: String) -> Error {
    Error::new(Status::InvalidArg, reason)
}
