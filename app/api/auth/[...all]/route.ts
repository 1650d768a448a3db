import { getAuth } from "@/lib/auth/instance";

// Better Auth's own endpoints (sign-in, 2FA, sessions, password reset); it checks its own sessions.
export async function GET(request: Request) {
  return (await getAuth()).handler(request);
}

export async function POST(request: Request) {
  return (await getAuth()).handler(request);
}
