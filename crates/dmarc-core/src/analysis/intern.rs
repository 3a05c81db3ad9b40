//! Interning: each distinct value stored once, rows hold its `u32` id.

use foldhash::HashMap;
use std::hash::Hash;

use serde::{Deserialize, Serialize};

/// A table of distinct values; a value's id is its position. Serialises as
/// the plain list of values (the lookup map is rebuilt on load).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    lookup: HashMap<T, u32>,
}

impl<T: Hash + Eq + Clone> Default for Interner<T> {
    fn default() -> Self {
        Interner {
            values: Vec::new(),
            lookup: HashMap::default(),
        }
    }
}

impl<T: Hash + Eq + Clone> Interner<T> {
    /// The id of `value`, adding it when new.
    pub fn intern(&mut self, value: T) -> u32 {
        if let Some(&id) = self.lookup.get(&value) {
            return id;
        }
        let id = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
        self.values.push(value.clone());
        self.lookup.insert(value, id);
        id
    }

    /// The id of `value`, when present.
    pub fn get<Q>(&self, value: &Q) -> Option<u32>
    where
        T: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.lookup.get(value).copied()
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
