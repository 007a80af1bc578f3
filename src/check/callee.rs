//! What a call names: a fact from the provider registry or a pure helper.

use crate::facts::{Fact, registry};
use crate::model::Type;
use crate::model::schema::{HELPERS, Sig};

/// The function a call names
#[derive(Clone, Copy, Debug)]
pub enum Callee {
    /// A fact, computed by its provider
    Fact(&'static Fact),
    /// A pure helper
    Helper(&'static Sig),
}

impl Callee {
    /// Look a name up: facts first, then helpers
    pub fn find(name: &str) -> Option<Callee> {
        registry::fact(name)
            .map(Callee::Fact)
            .or_else(|| HELPERS.iter().find(|h| h.name == name).map(Callee::Helper))
    }

    /// Every callable name, for "did you mean"
    pub fn names() -> impl Iterator<Item = &'static str> {
        registry::facts().map(Fact::name).chain(HELPERS.iter().map(|h| h.name))
    }

    /// Its signature
    pub fn sig(self) -> &'static Sig {
        match self {
            Callee::Fact(f) => &f.sig,
            Callee::Helper(s) => s,
        }
    }

    /// Its return type
    pub fn ret_type(self) -> Type {
        registry::parse_type(self.sig().ret).unwrap_or(Type::Error)
    }
}
