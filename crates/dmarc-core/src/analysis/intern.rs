//! Interning: each distinct value stored once, rows hold its `u32` id.
//!
//! The lookup table holds ids, not values (hashbrown's `HashTable`), so a
//! value is stored once, and a value can be looked up from something that
//! hashes and compares like it without building it first
//! ([`Interner::intern_with`]: a record's shape, straight from the record).

use std::hash::{BuildHasher, Hash};

use foldhash::fast::RandomState;
use hashbrown::HashTable;
use serde::{Deserialize, Serialize};

/// A table of distinct values; a value's id is its position. Serialises as
/// the plain list of values (the lookup table is rebuilt on load).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(
    from = "Vec<T>",
    into = "Vec<T>",
    bound(
        serialize = "T: Serialize + Clone",
        deserialize = "T: Deserialize<'de> + Hash + Eq + Clone"
    )
)]
pub struct Interner<T: Hash + Eq + Clone> {
    values: Vec<T>,
    lookup: HashTable<u32>,
    hasher: RandomState,
}

impl<T: Hash + Eq + Clone> Default for Interner<T> {
    fn default() -> Self {
        Interner {
            values: Vec::new(),
            lookup: HashTable::new(),
            hasher: RandomState::default(),
        }
    }
}

impl<T: Hash + Eq + Clone> PartialEq for Interner<T> {
    fn eq(&self, other: &Self) -> bool {
        self.values == other.values
    }
}

impl<T: Hash + Eq + Clone> Eq for Interner<T> {}

impl<T: Hash + Eq + Clone> Interner<T> {
    /// The id of `value`, adding it when new.
    pub fn intern(&mut self, value: T) -> u32 {
        let hash = self.hasher.hash_one(&value);
        if let Some(id) = self.find(hash, |v| *v == value) {
            return id;
        }
        self.insert(hash, value)
    }

    /// The id of the value that `is` accepts, adding `make()` when there is
    /// none. `hash` must be [`Interner::hash`] of that value, and `is` and
    /// `make` must agree (`is(&make())`).
    pub(crate) fn intern_with(
        &mut self,
        hash: u64,
        is: impl Fn(&T) -> bool,
        make: impl FnOnce() -> T,
    ) -> u32 {
        match self.find(hash, is) {
            Some(id) => id,
            None => self.insert(hash, make()),
        }
    }

    /// The hash this table gives `value` (or anything that hashes as a
    /// value does).
    pub(crate) fn hash(&self, value: &(impl Hash + ?Sized)) -> u64 {
        self.hasher.hash_one(value)
    }

    fn find(&self, hash: u64, is: impl Fn(&T) -> bool) -> Option<u32> {
        let values = &self.values;
        self.lookup
            .find(hash, |&id| values.get(id as usize).is_some_and(&is))
            .copied()
    }

    fn insert(&mut self, hash: u64, value: T) -> u32 {
        let id = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
        self.values.push(value);
        self.lookup
            .insert_unique(hash, id, rehash(&self.values, &self.hasher));
        id
    }

    /// Makes room in the lookup table for `additional` more values, so that
    /// it does not grow (and hash every value again) while they are added;
    /// the values themselves are not reserved (many may be known already).
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.lookup
            .reserve(additional, rehash(&self.values, &self.hasher));
    }

    /// The id of `value`, when present.
    pub fn get<Q>(&self, value: &Q) -> Option<u32>
    where
        T: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find(self.hasher.hash_one(value), |v| v.borrow() == value)
    }

    /// The value of `id`.
    pub fn value(&self, id: u32) -> Option<&T> {
        self.values.get(id as usize)
    }

    /// Every value, by id.
    pub fn values(&self) -> &[T] {
        &self.values
    }

    /// How many distinct values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// The hash of the value of an id, for the lookup table when it grows (one
/// function for inserting and reserving, so the table's growth is compiled
/// once per value type).
fn rehash<'a, T: Hash>(values: &'a [T], hasher: &'a RandomState) -> impl Fn(&u32) -> u64 + 'a {
    move |&id| {
        values
            .get(id as usize)
            .map_or(0, |value| hasher.hash_one(value))
    }
}

impl<T: Hash + Eq + Clone> From<Vec<T>> for Interner<T> {
    fn from(values: Vec<T>) -> Self {
        let mut interner = Interner::default();
        for value in values {
            interner.intern(value);
        }
        interner
    }
}

impl<T: Hash + Eq + Clone> From<Interner<T>> for Vec<T> {
    fn from(interner: Interner<T>) -> Self {
        interner.values
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_survive_serialisation() {
        let mut names: Interner<String> = Interner::default();
        let cases = [("a", 0), ("b", 1), ("a", 0), ("c", 2)];
        for (value, id) in cases {
            assert_eq!(names.intern(value.to_owned()), id, "{value}");
        }
        let json = serde_json::to_string(&names).unwrap();
        assert_eq!(json, r#"["a","b","c"]"#);
        let back: Interner<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back.get("c"), Some(2));
        assert_eq!(back, names);
    }
}
