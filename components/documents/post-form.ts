import type { ActionResult } from "@/lib/core/action";

/**
 * Sends a multipart form to one of our upload routes and reads the answer as an `ActionResult`, so
 * upload forms can use `useActionForm` like every other form (field errors land on the fields).
 */
export async function postFormData<T>(url: string, body: FormData): Promise<ActionResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", body, credentials: "same-origin" });
  } catch {
    return { ok: false, code: "internal", message: "The upload did not reach the server. Check the connection and try again." };
  }
  const json = (await response.json().catch(() => null)) as ActionResult<T> | null;
  if (json && typeof json === "object" && "ok" in json) return json;
  if (response.status === 413) {
    const message = "The file is too large for the server to accept.";
    return { ok: false, code: "validation", message, fieldErrors: { file: [message] } };
  }
  return { ok: false, code: "internal", message: "Something went wrong on our side. Nothing was uploaded; try again." };
}
