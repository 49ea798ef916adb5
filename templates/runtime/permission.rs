//! Permission strings such as `read("any")`.

use std::fmt;

use super::role::Role;

/// A permission string granting one action to a [`Role`], e.g.
/// `Permission::read(Role::any())` is `read("any")`.
///
/// Operations take permissions as strings; convert with `to_string()` or
/// `String::from`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Permission {
    action: &'static str,
    role: Role,
}

impl Permission {
    fn new(action: &'static str, role: Role) -> Permission {
        Permission { action, role }
    }

    /// Allows reading the resource.
    pub fn read(role: Role) -> Permission {
        Permission::new("read", role)
    }

    /// Allows creating, updating and deleting (shorthand for all three).
    pub fn write(role: Role) -> Permission {
        Permission::new("write", role)
    }

    /// Allows creating resources inside the resource (e.g. documents in a
    /// collection).
    pub fn create(role: Role) -> Permission {
        Permission::new("create", role)
    }

    /// Allows updating the resource.
    pub fn update(role: Role) -> Permission {
        Permission::new("update", role)
    }

    /// Allows deleting the resource.
    pub fn delete(role: Role) -> Permission {
        Permission::new("delete", role)
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(\"{}\")", self.action, self.role)
    }
}

impl From<Permission> for String {
    fn from(permission: Permission) -> String {
        permission.to_string()
    }
}

impl From<&Permission> for String {
    fn from(permission: &Permission) -> String {
        permission.to_string()
    }
}
