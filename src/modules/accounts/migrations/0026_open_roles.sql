-- Roles are registered by module manifests (src/platform/auth/permissions.ts: defineRoles) and checked at boot
-- and in the accounts service, so the closed list in the database goes: a new module adds a role without
-- a migration of the accounts module.
ALTER TABLE user_roles DROP CONSTRAINT IF EXISTS user_roles_role_check;
