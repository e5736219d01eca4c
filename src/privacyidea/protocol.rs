//! The privacyIDEA push token's wire format in poll mode, as the privacyIDEA Authenticator app
//! (v4.8.0) speaks it: the enrollment URI, the messages each side signs, signatures (RSASSA
//! PKCS#1 v1.5 with SHA-256, in padded upper-case base32), keys, and the app's timestamps.
//! `docs/privacyidea-push.md` describes it with its sources. Pure functions: no store, no
//! HTTP, so the server and the app simulator of the tests share nothing else.

use aws_lc_rs::encoding::{AsDer, PublicKeyX509Der};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{self, RSA_PKCS1_SHA256, UnparsedPublicKey};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use data_encoding::BASE32;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// How far a poll's timestamp may be from the server's clock, either way (privacyIDEA's).
pub const POLL_WINDOW: time::Duration = time::Duration::minutes(1);

/// Characters left as they are in the enrollment URI's values, as Python's `quote` does
/// (privacyIDEA's server writes it so): letters, digits, `_.-~` and `/`.
const URI_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~')
    .remove(b'/');

/// A signature as it travels: RFC 4648 base32, upper case, padded.
pub fn encode_signature(signature: &[u8]) -> String {
    BASE32.encode(signature)
}

/// Reads a signature: upper-case base32, padded or not (the app pads; older apps did not).
pub fn decode_signature(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let padded = format!("{text}{}", "=".repeat((8 - text.len() % 8) % 8));
    BASE32.decode(padded.as_bytes()).ok()
}

/// What a poll signs: `serial|timestamp`, the timestamp exactly as sent.
pub fn poll_message(serial: &str, timestamp: &str) -> String {
    format!("{serial}|{timestamp}")
}

/// What the server signs for one challenge: `nonce|url|serial|question|title|sslverify`, and
/// `|A,B,C` when the user must pick one of `options` (presence, our number matching).
pub fn challenge_message(challenge: &ChallengeText<'_>) -> String {
    let ChallengeText {
        nonce,
        url,
        serial,
        question,
        title,
        ssl_verify,
        options,
    } = challenge;
    let verify = if *ssl_verify { "1" } else { "0" };
    let mut message = format!("{nonce}|{url}|{serial}|{question}|{title}|{verify}");
    if let Some(options) = options {
        message.push('|');
        message.push_str(&options.join(","));
    }
    message
}

/// The signed fields of a challenge.
#[derive(Debug, Clone, Copy)]
pub struct ChallengeText<'a> {
    /// 32 base32 characters.
    pub nonce: &'a str,
    /// Where the app posts its answer, in the form the app's `Uri` prints.
    pub url: &'a str,
    /// The token's serial.
    pub serial: &'a str,
    /// What the app asks.
    pub question: &'a str,
    /// The notification's title.
    pub title: &'a str,
    /// Whether the app checks the server's TLS certificate.
    pub ssl_verify: bool,
    /// The options to pick from, when the user must pick the one the sign-in page shows.
    pub options: Option<&'a [String]>,
}

/// The app's answer to a challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Accepted; with the option the user tapped, when there were options.
    Accept(Option<String>),
    /// Declined (`decline=1`); with the reason, when both sides announced `decline_reason`.
    Decline(Option<String>),
}

/// What an answer signs: `nonce|serial`, then `|option`, or `|decline` (and `|reason`).
pub fn answer_message(nonce: &str, serial: &str, answer: &Answer) -> String {
    match answer {
        Answer::Accept(None) => format!("{nonce}|{serial}"),
        Answer::Accept(Some(option)) => format!("{nonce}|{serial}|{option}"),
        Answer::Decline(None) => format!("{nonce}|{serial}|decline"),
        Answer::Decline(Some(reason)) => format!("{nonce}|{serial}|decline|{reason}"),
    }
}

/// A poll's timestamp (`2026-08-12T16:56:26.123456Z`, as Dart's `toIso8601String` writes
/// it), when it parses and lies within [`POLL_WINDOW`] of `now`.
pub fn fresh_timestamp(text: &str, now: OffsetDateTime) -> Option<OffsetDateTime> {
    let at = OffsetDateTime::parse(text, &Rfc3339).ok()?;
    ((at - now).abs() <= POLL_WINDOW).then_some(at)
}

/// A timestamp as the app writes it: UTC, milliseconds always, microseconds when not zero.
pub fn app_timestamp(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    let micros = at.microsecond();
    let fraction = if micros.is_multiple_of(1000) {
        format!("{:03}", micros / 1000)
    } else {
        format!("{micros:06}")
    };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{fraction}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// The enrollment QR code's content.
#[derive(Debug, Clone)]
pub struct EnrollmentUri<'a> {
    /// `otpauth` (or `pia`).
    pub scheme: &'a str,
    /// What the app calls the token.
    pub label: &'a str,
    /// Where the app completes enrollment, polls and answers.
    pub url: &'a str,
    /// Minutes the app will try to complete enrollment for.
    pub ttl_minutes: u32,
    /// Who issued the token.
    pub issuer: &'a str,
    /// The one-time secret proving the enrollment POST comes from the scanned code.
    pub enrollment_credential: &'a str,
    /// The token's serial.
    pub serial: &'a str,
    /// Whether the app checks the server's TLS certificate.
    pub ssl_verify: bool,
}

impl EnrollmentUri<'_> {
    /// `otpauth://pipush/LABEL?url=…&ttl=…&issuer=…&enrollment_credential=…&v=1&serial=…&sslverify=1&poll_only=True`:
    /// the order and quoting privacyIDEA uses; `poll_only=True`, so the app needs no Firebase.
    pub fn to_uri(&self) -> String {
        let quote =
            |value: &str| percent_encoding::utf8_percent_encode(value, URI_VALUE).to_string();
        format!(
            "{}://pipush/{}?url={}&ttl={}&issuer={}&enrollment_credential={}&v=1&serial={}&sslverify={}&poll_only=True",
            self.scheme,
            quote(self.label),
            quote(self.url),
            self.ttl_minutes,
            quote(self.issuer),
            quote(self.enrollment_credential),
            quote(self.serial),
            if self.ssl_verify { "1" } else { "0" },
        )
    }
}

/// Why a key could not be made or read.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The key is not an RSA key of 2048 to 8192 bits in the expected encoding.
    #[error("not an RSA key in the expected encoding")]
    Malformed,
    /// Generating or signing failed in the crypto library.
    #[error("the crypto library failed")]
    Crypto,
}

/// An RSA key pair (the server's for one token, or the app's in a simulator), kept as PKCS#8.
/// Signing is aws-lc's, constant time in the private key (see the README on why not the
/// `rsa` crate).
pub struct RsaKey(KeyPair);

impl std::fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RsaKey(..)")
    }
}

impl RsaKey {
    /// A new key of 3072 bits (the app makes 4096-bit keys; either is read by both sides).
    pub fn generate() -> Result<Self, KeyError> {
        Self::generate_bits(KeySize::Rsa3072)
    }

    /// A new key of `size`.
    pub fn generate_bits(size: KeySize) -> Result<Self, KeyError> {
        KeyPair::generate(size)
            .map(Self)
            .map_err(|_| KeyError::Crypto)
    }

    /// The key from its PKCS#8 DER.
    pub fn from_pkcs8(der: &[u8]) -> Result<Self, KeyError> {
        KeyPair::from_pkcs8(der)
            .map(Self)
            .map_err(|_| KeyError::Malformed)
    }

    /// The key as PKCS#8 DER, to keep (sealed).
    pub fn to_pkcs8(&self) -> Result<Vec<u8>, KeyError> {
        use aws_lc_rs::encoding::Pkcs8V1Der;
        let der: Pkcs8V1Der<'_> = self.0.as_der().map_err(|_| KeyError::Crypto)?;
        Ok(der.as_ref().to_vec())
    }

    /// The public key as the server sends it (`detail.public_key`): base64 of the PKCS#1
    /// `RSAPublicKey` DER, on one line.
    pub fn public_pkcs1_base64(&self) -> String {
        use aws_lc_rs::signature::KeyPair as _;
        STANDARD.encode(self.0.public_key().as_ref())
    }

    /// The public key as the app sends it (`pubkey`): base64 of the X.509
    /// SubjectPublicKeyInfo DER.
    pub fn public_spki_base64(&self) -> Result<String, KeyError> {
        use aws_lc_rs::signature::KeyPair as _;
        let der: PublicKeyX509Der<'_> =
            self.0.public_key().as_der().map_err(|_| KeyError::Crypto)?;
        Ok(STANDARD.encode(der.as_ref()))
    }

    /// Signs `message` (RSASSA-PKCS1-v1_5, SHA-256) and encodes it as it travels.
    pub fn sign(&self, message: &str) -> Result<String, KeyError> {
        let mut signature = vec![0; self.0.public_modulus_len()];
        self.0
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                message.as_bytes(),
                &mut signature,
            )
            .map_err(|_| KeyError::Crypto)?;
        Ok(encode_signature(&signature))
    }
}

/// A public key as one side received it from the other: base64 (standard or URL-safe, with
/// line breaks or spaces, as privacyIDEA also takes it) of an `RSAPublicKey` or a
/// SubjectPublicKeyInfo, 2048 to 8192 bits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey(Vec<u8>);

impl PublicKey {
    /// Reads `text`; refuses anything that is not such a key.
    pub fn from_base64(text: &str) -> Result<Self, KeyError> {
        // A `+` decoded as a space by a form parser is a `+` again (privacyIDEA does the same).
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, '\r' | '\n' | '\t'))
            .map(|c| match c {
                '-' | ' ' => '+',
                '_' => '/',
                c => c,
            })
            .collect();
        let der = STANDARD
            .decode(cleaned.as_bytes())
            .or_else(|_| {
                base64::engine::general_purpose::STANDARD_NO_PAD
                    .decode(cleaned.trim_end_matches('='))
            })
            .map_err(|_| KeyError::Malformed)?;
        // A signature check against a key that does not parse fails; check it parses now.
        aws_lc_rs::rsa::PublicEncryptingKey::from_der(&der)
            .map(|_| ())
            .or_else(|_| {
                aws_lc_rs::rsa::PublicEncryptingKey::from_der(&pkcs1_to_spki(&der)).map(|_| ())
            })
            .map_err(|_| KeyError::Malformed)?;
        Ok(Self(der))
    }

    /// The key's DER, as received.
    pub fn der(&self) -> &[u8] {
        &self.0
    }

    /// Whether `signature` (as it travels) is this key's over `message`.
    pub fn verifies(&self, message: &str, signature: &str) -> bool {
        let Some(signature) = decode_signature(signature) else {
            return false;
        };
        UnparsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, &self.0)
            .verify(message.as_bytes(), &signature)
            .is_ok()
    }
}

/// An `RSAPublicKey` wrapped as a SubjectPublicKeyInfo (rsaEncryption, NULL parameters).
fn pkcs1_to_spki(pkcs1: &[u8]) -> Vec<u8> {
    const ALGORITHM: [u8; 15] = [
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
    ];
    let mut bit_string = vec![0x00];
    bit_string.extend_from_slice(pkcs1);
    let mut body = ALGORITHM.to_vec();
    body.extend(der_element(0x03, &bit_string));
    der_element(0x30, &body)
}

fn der_element(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn timestamps_are_written_as_the_app_does_and_read_within_a_minute() {
        let at = datetime!(2026-08-12 16:56:26.123456 UTC);
        assert_eq!(app_timestamp(at), "2026-08-12T16:56:26.123456Z");
        let whole_millis = datetime!(2026-08-12 16:56:26.123 UTC);
        assert_eq!(app_timestamp(whole_millis), "2026-08-12T16:56:26.123Z");
        assert_eq!(
            fresh_timestamp(
                "2026-08-12T16:56:26.123456Z",
                at + time::Duration::seconds(60)
            ),
            Some(at)
        );
        assert_eq!(
            fresh_timestamp(
                "2026-08-12T16:56:26.123456Z",
                at + time::Duration::seconds(61)
            ),
            None
        );
        assert_eq!(fresh_timestamp("yesterday", at), None);
    }

    #[test]
    fn messages_are_the_ones_each_side_signs() {
        let options = ["K".to_owned(), "B".to_owned(), "X".to_owned()];
        let challenge = ChallengeText {
            nonce: "NONCE",
            url: "https://login.example.com/rc/m/pipush",
            serial: "RCPI0001",
            question: "Sign in?",
            title: "Contoso",
            ssl_verify: true,
            options: Some(&options),
        };
        assert_eq!(
            challenge_message(&challenge),
            "NONCE|https://login.example.com/rc/m/pipush|RCPI0001|Sign in?|Contoso|1|K,B,X"
        );
        assert_eq!(poll_message("RCPI0001", "T"), "RCPI0001|T");
        assert_eq!(
            answer_message("N", "S", &Answer::Accept(Some("B".into()))),
            "N|S|B"
        );
        assert_eq!(
            answer_message("N", "S", &Answer::Decline(Some("unknown_trigger".into()))),
            "N|S|decline|unknown_trigger"
        );
    }

    #[test]
    fn the_enrollment_uri_quotes_as_privacyidea_does() {
        let uri = EnrollmentUri {
            scheme: "otpauth",
            label: "alice@contoso.test",
            url: "https://login.example.com/rc/m/pipush",
            ttl_minutes: 10,
            issuer: "Contoso Ltd",
            enrollment_credential: "3f2a",
            serial: "RCPI0001",
            ssl_verify: true,
        }
        .to_uri();
        assert_eq!(
            uri,
            "otpauth://pipush/alice%40contoso.test?url=https%3A//login.example.com/rc/m/pipush&ttl=10&issuer=Contoso%20Ltd&enrollment_credential=3f2a&v=1&serial=RCPI0001&sslverify=1&poll_only=True"
        );
    }

    #[test]
    fn signatures_verify_with_either_public_key_form_and_nothing_else() {
        let key = RsaKey::generate_bits(KeySize::Rsa2048).unwrap();
        let signature = key.sign("nonce|serial").unwrap();
        assert!(signature.ends_with('='), "padded base32: {signature}");
        assert_eq!(signature.len(), 416, "256 bytes");
        for form in [key.public_pkcs1_base64(), key.public_spki_base64().unwrap()] {
            let public = PublicKey::from_base64(&form).unwrap();
            assert!(public.verifies("nonce|serial", &signature));
            assert!(public.verifies("nonce|serial", signature.trim_end_matches('=')));
            assert!(!public.verifies("nonce|serial|decline", &signature));
            assert!(!public.verifies("nonce|serial", &signature.to_lowercase()));
        }
        let other = RsaKey::generate_bits(KeySize::Rsa2048).unwrap();
        let other = PublicKey::from_base64(&other.public_pkcs1_base64()).unwrap();
        assert!(!other.verifies("nonce|serial", &signature));
        assert!(PublicKey::from_base64("bm90IGEga2V5").is_err());
        let kept = RsaKey::from_pkcs8(&key.to_pkcs8().unwrap()).unwrap();
        assert_eq!(kept.public_pkcs1_base64(), key.public_pkcs1_base64());
    }
}
