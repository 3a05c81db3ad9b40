//! A field whose JSON form a compact format (postcard, in the page–worker
//! messages) cannot read back, an internally tagged enum such as
//! [`crate::error::ErrorKind`], travels in such a format as its JSON text:
//! `#[serde(with = "crate::compact::json_inside")]`. Human-readable formats
//! see the field's own form, unchanged.

/// See the module.
pub(crate) mod json_inside {
    use serde::de::{DeserializeOwned, Error as _};
    use serde::ser::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            value.serialize(serializer)
        } else {
            let json = serde_json::to_string(value).map_err(S::Error::custom)?;
            serializer.serialize_str(&json)
        }
    }

    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        if deserializer.is_human_readable() {
            T::deserialize(deserializer)
        } else {
            let json = String::deserialize(deserializer)?;
            serde_json::from_str(&json).map_err(D::Error::custom)
        }
    }
}
