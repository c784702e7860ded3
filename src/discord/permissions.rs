//! Who is a moderator (`/reindex`, `/page`, `/unanswered`, `/settings`): Manage Server,
//! Administrator, or one of the server's moderator roles (its own, else the configured
//! ones); and who may change those roles: Manage Server or Administrator only, so a role
//! can never hand itself on, and a server can never lock itself out. Checked on our side
//! too, because a server can override `default_member_permissions`.

use serenity::all::Permissions;

/// The member's rights as the interaction reports them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rights {
    /// The member's resolved permissions in the channel (`member.permissions`); `None` in DMs.
    pub permissions: Option<u64>,
    /// The member's role ids.
    pub roles: Vec<u64>,
}

/// Whether these rights allow `/reindex` and the other moderators' commands.
pub fn may_reindex(rights: &Rights, moderator_roles: &[u64]) -> bool {
    manages_server(rights) || rights.roles.iter().any(|r| moderator_roles.contains(r))
}

/// Whether the member has Manage Server or Administrator: the rights that always count as
/// moderator and alone may change who else does.
pub fn manages_server(rights: &Rights) -> bool {
    let perms = Permissions::from_bits_truncate(rights.permissions.unwrap_or(0));
    perms.contains(Permissions::MANAGE_GUILD) || perms.contains(Permissions::ADMINISTRATOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manage_guild_admin_or_role() {
        let none = Rights::default();
        assert!(!may_reindex(&none, &[7]));
        assert!(may_reindex(
            &Rights {
                permissions: Some(1 << 5),
                roles: vec![]
            },
            &[]
        ));
        assert!(may_reindex(
            &Rights {
                permissions: Some(1 << 3),
                roles: vec![]
            },
            &[]
        ));
        assert!(may_reindex(
            &Rights {
                permissions: Some(0),
                roles: vec![7]
            },
            &[7]
        ));
    }
}
