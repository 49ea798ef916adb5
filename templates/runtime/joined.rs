//! Items written one after another with a separator, for messages.
//! `[T]::join` would do, but each item type it is used with compiles some
//! 800 lines of IR into every build of the crate; this is one loop.

use std::fmt;

/// Displays the items of the slice separated by the string.
pub(crate) struct Joined<'a, T>(pub(crate) &'a [T], pub(crate) &'static str);

impl<T: fmt::Display> fmt::Display for Joined<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Joined(items, separator) = self;
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                f.write_str(separator)?;
            }
            item.fmt(f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Joined;

    #[test]
    fn items_are_separated_and_nothing_is_added_around_them() {
        assert_eq!(Joined(&["key", "jwt", "session"], " and ").to_string(), "key and jwt and session");
        assert_eq!(Joined(&["key"], " and ").to_string(), "key");
        assert_eq!(Joined::<&str>(&[], " and ").to_string(), "");
    }
}
