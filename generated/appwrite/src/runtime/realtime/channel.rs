// @generated: copied by appwrite-generator from templates/ (the `src/runtime/realtime/channel.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! The channels an Appwrite 1.8 server publishes on.
//!
//! Each name below is one the server builds for its events in
//! `Realtime::fromPayload` (`src/Appwrite/Messaging/Adapter/Realtime.php` in
//! appwrite/appwrite at 1.8.1, bd288ce6507643eef4891bfdad27a60fcb8a09e2): a
//! subscriber receives an event when one of its channels is among the
//! event's, so a name spelled any other way silently receives nothing.

use std::fmt;

/// A channel to subscribe to, e.g. [`Channel::documents`]`("shop", "orders")`.
///
/// The constructors spell the channels Appwrite publishes on; any other
/// name is taken as it is through `From<&str>`/`From<String>` (a channel of a
/// newer server, say).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Channel(String);

impl Channel {
    /// Changes to the account of the client's user: the account itself, its
    /// sessions, identities, MFA, ... (`account`; the server narrows it to
    /// the connected user and sends nothing to a guest).
    pub fn account() -> Channel {
        Channel("account".to_owned())
    }

    /// Documents of one collection (`databases.<db>.collections.<id>.documents`).
    pub fn documents(database_id: &str, collection_id: &str) -> Channel {
        Channel(format!("databases.{database_id}.collections.{collection_id}.documents"))
    }

    /// One document (`databases.<db>.collections.<id>.documents.<id>`).
    pub fn document(database_id: &str, collection_id: &str, document_id: &str) -> Channel {
        Channel(format!("databases.{database_id}.collections.{collection_id}.documents.{document_id}"))
    }

    /// Every document the user may read, in every collection (`documents`).
    pub fn all_documents() -> Channel {
        Channel("documents".to_owned())
    }

    /// Rows of one table (`databases.<db>.tables.<id>.rows`); the server
    /// publishes each change of a document on the matching row channels
    /// too, so this sees the same events as [`Channel::documents`].
    pub fn rows(database_id: &str, table_id: &str) -> Channel {
        Channel(format!("databases.{database_id}.tables.{table_id}.rows"))
    }

    /// One row (`databases.<db>.tables.<id>.rows.<id>`).
    pub fn row(database_id: &str, table_id: &str, row_id: &str) -> Channel {
        Channel(format!("databases.{database_id}.tables.{table_id}.rows.{row_id}"))
    }

    /// Every row the user may read, in every table (`rows`).
    pub fn all_rows() -> Channel {
        Channel("rows".to_owned())
    }

    /// Files of one bucket (`buckets.<id>.files`).
    pub fn files(bucket_id: &str) -> Channel {
        Channel(format!("buckets.{bucket_id}.files"))
    }

    /// One file (`buckets.<id>.files.<id>`).
    pub fn file(bucket_id: &str, file_id: &str) -> Channel {
        Channel(format!("buckets.{bucket_id}.files.{file_id}"))
    }

    /// Every file the user may read, in every bucket (`files`).
    pub fn all_files() -> Channel {
        Channel("files".to_owned())
    }

    /// Every function execution the user may read (`executions`).
    pub fn executions() -> Channel {
        Channel("executions".to_owned())
    }

    /// One execution (`executions.<id>`).
    pub fn execution(execution_id: &str) -> Channel {
        Channel(format!("executions.{execution_id}"))
    }

    /// Executions of one function (`functions.<id>`).
    pub fn function_executions(function_id: &str) -> Channel {
        Channel(format!("functions.{function_id}"))
    }

    /// Every team the user belongs to (`teams`).
    pub fn teams() -> Channel {
        Channel("teams".to_owned())
    }

    /// One team (`teams.<id>`).
    pub fn team(team_id: &str) -> Channel {
        Channel(format!("teams.{team_id}"))
    }

    /// Memberships of the user's teams (`memberships`).
    pub fn memberships() -> Channel {
        Channel("memberships".to_owned())
    }

    /// One membership (`memberships.<id>`).
    pub fn membership(membership_id: &str) -> Channel {
        Channel(format!("memberships.{membership_id}"))
    }

    /// The name sent to the server.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Channel {
    fn from(name: &str) -> Channel {
        Channel(name.to_owned())
    }
}

impl From<String> for Channel {
    fn from(name: String) -> Channel {
        Channel(name)
    }
}

impl From<&Channel> for Channel {
    fn from(channel: &Channel) -> Channel {
        channel.clone()
    }
}

impl AsRef<str> for Channel {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}
