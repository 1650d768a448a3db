-- Staff session tokens are stored as their sha256 (hex) from now on: hash the live ones in place, so nobody is
-- signed out (lib/auth/hashed-sessions.ts hashes the same way). A clear token is 32 characters, a hash 64.
UPDATE "sessions" SET "token" = encode(sha256(convert_to("token", 'UTF8')), 'hex') WHERE length("token") <> 64;
--> statement-breakpoint
-- Password reset links and two-factor sign-in challenges are stored by their hashed identifier from now on; the
-- pending ones (an hour at most) are dropped: ask for a new reset link or sign in again.
DELETE FROM "verifications";
