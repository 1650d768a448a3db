/**
 * Signs the browser's staff session out: Better Auth's sign-out endpoint, called directly so that the shell's
 * sign-out button does not bring the whole auth client into every page's first load.
 */
export async function signOutStaff(): Promise<void> {
  await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}", credentials: "same-origin" });
}
