-- Sign-in hardening (issue 9.3).
-- TOTP: the last accepted time step (a code is never accepted twice) and a per-account failure counter with a
-- temporary block, on top of the per-pending-sign-in counter kept in the session.
ALTER TABLE users ADD COLUMN totp_last_step bigint;
ALTER TABLE users ADD COLUMN totp_failures integer NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_blocked_until timestamptz;

-- Password failures are throttled per (account typed, client), never per account alone: nobody can lock an
-- administrator out from elsewhere, and an unknown e-mail is throttled exactly like a known one (the account
-- key is a hash of what was typed, so the table reveals nothing either). client_key is 'ip:<address>' or
-- 'device:<nonce>' for a browser that signed in to that account before (signed device cookie).
CREATE TABLE login_throttle (
  account_key text NOT NULL,
  client_key text NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  blocked_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_key, client_key)
);
CREATE INDEX login_throttle_updated_idx ON login_throttle (updated_at);
