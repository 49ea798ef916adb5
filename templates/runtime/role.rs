//! Roles that permissions are granted to.

use std::fmt;

/// Who a [`Permission`](crate::Permission) applies to, e.g. `Role::any()`
/// (`any`) or `Role::team("admins", Some("owner"))` (`team:admins/owner`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Role(String);

impl Role {
    /// Anyone, signed in or not.
    pub fn any() -> Role {
        Role("any".to_owned())
    }

    /// Any signed-in user; with `status` `"verified"` or `"unverified"`,
    /// only users whose email/phone is (not) verified.
    pub fn users(status: Option<&str>) -> Role {
        match status {
            Some(status) if !status.is_empty() => Role(format!("users/{status}")),
            _ => Role("users".to_owned()),
        }
    }

    /// The user with this ID, optionally only while `status` is
    /// `"verified"` / `"unverified"`.
    pub fn user(id: impl Into<String>, status: Option<&str>) -> Role {
        let id = id.into();
        match status {
            Some(status) if !status.is_empty() => Role(format!("user:{id}/{status}")),
            _ => Role(format!("user:{id}")),
        }
    }

    /// Anyone not signed in.
    pub fn guests() -> Role {
        Role("guests".to_owned())
    }

    /// Members of the team with this ID, optionally only those with the
    /// team `role` (e.g. `"owner"`).
    pub fn team(id: impl Into<String>, role: Option<&str>) -> Role {
        let id = id.into();
        match role {
            Some(role) if !role.is_empty() => Role(format!("team:{id}/{role}")),
            _ => Role(format!("team:{id}")),
        }
    }

    /// The team membership with this ID.
    pub fn member(id: impl Into<String>) -> Role {
        Role(format!("member:{}", id.into()))
    }

    /// Users carrying this label.
    pub fn label(name: impl Into<String>) -> Role {
        Role(format!("label:{}", name.into()))
    }

    /// The role string, e.g. `user:abc/verified`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Role> for String {
    fn from(role: Role) -> String {
        role.0
    }
}
