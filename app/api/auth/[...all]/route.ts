import { getAuth } from "@/lib/auth/instance";
import { withClientIp } from "@/lib/core/client-ip";

// Better Auth's own endpoints (sign-in, 2FA, sessions, password reset); it checks its own sessions.
// It reads the client's address from the header withClientIp sets, never from what the client sent.
export async function GET(request: Request) {
  return (await getAuth()).handler(withClientIp(request));
}

export async function POST(request: Request) {
  return (await getAuth()).handler(withClientIp(request));
}
