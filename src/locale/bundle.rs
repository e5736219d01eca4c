//! What the catalog builds and the texts read: each language's Fluent bundle with its messages
//! formatted ahead, shared by every `Texts` of a `Locales`.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

use fluent_bundle::FluentResource;
use fluent_bundle::concurrent::FluentBundle;

use super::Language;

pub(super) type Bundle = FluentBundle<Arc<FluentResource>>;
pub(super) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// One language's messages: the bundle, and every message without variables formatted once.
pub(super) struct Catalog {
    pub(super) language: Language,
    pub(super) bundle: Bundle,
    /// Messages that need no argument, formatted when the catalog was built.
    pub(super) fixed: FastMap<Box<str>, Box<str>>,
    /// The language's own dates and numbers.
    pub(super) formats: Arc<super::formats::Formats>,
}

pub(super) struct Shared {
    /// English first: the fallback of every other language.
    pub(super) catalogs: Vec<Catalog>,
    pub(super) pseudo: Catalog,
    pub(super) languages: Vec<Language>,
    pub(super) default: usize,
    /// The parsed sources, to rebuild with more of them.
    pub(super) sources: Vec<Source>,
    pub(super) missing: AtomicU64,
    /// Each missing message is logged once per language.
    pub(super) warned: Mutex<HashSet<(usize, Box<str>)>>,
    /// Messages whose arguments are all numbers ("You can skip this 2 more times"), as
    /// formatted: Fluent's plural selection formats each number as text to classify it, which
    /// would otherwise be most of a page's render time. Cleared when full.
    pub(super) counted: std::sync::RwLock<HashMap<u64, Counted, BuildNoHash>>,
    /// The formats of tags that narrow a language (`ar-SA`), built on first use.
    pub(super) formats: super::formats::FormatsCache,
}

/// A formatted message with number arguments only, filed under the hash of its catalog, id and
/// arguments (compared in full on a hit, so a hash collision is a miss, never a wrong text).
pub(super) struct Counted {
    pub(super) index: usize,
    /// The tag of the formats its numbers were written with.
    pub(super) formats: Box<str>,
    pub(super) id: Box<str>,
    pub(super) numbers: Box<[(Box<str>, i64)]>,
    pub(super) text: Box<str>,
}

/// The memo's keys are hashes already.
#[derive(Default, Clone, Copy)]
pub(super) struct BuildNoHash;

impl std::hash::BuildHasher for BuildNoHash {
    type Hasher = NoHash;
    fn build_hasher(&self) -> NoHash {
        NoHash(0)
    }
}

pub(super) struct NoHash(u64);

impl std::hash::Hasher for NoHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// At most this many counted messages are kept (a few hundred are ever used).
pub(super) const MAX_COUNTED: usize = 4096;

#[derive(Clone)]
pub(super) struct Source {
    pub(super) language: Language,
    pub(super) resource: Arc<FluentResource>,
}
