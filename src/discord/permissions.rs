//! Who may run `/reindex`: Manage Server, Administrator, or a configured moderator role.
//! Checked on our side too, because a server can override `default_member_permissions`.

use serenity::all::Permissions;

/// The member's rights as the interaction reports them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rights {
    /// The member's resolved permissions in the channel (`member.permissions`); `None` in DMs.
    pub permissions: Option<u64>,
    /// The member's role ids.
    pub roles: Vec<u64>,
}

/// Whether these rights allow `/reindex`.
pub fn may_reindex(rights: &Rights, moderator_roles: &[u64]) -> bool {
    let perms = Permissions::from_bits_truncate(rights.permissions.unwrap_or(0));
    perms.contains(Permissions::MANAGE_GUILD)
        || perms.contains(Permissions::ADMINISTRATOR)
        || rights.roles.iter().any(|r| moderator_roles.contains(r))
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
