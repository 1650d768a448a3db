"use client";
import { revokeApiKeyAction } from "@/lib/api/actions/api-keys";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/staff/confirm-button";

/** A key as the browser sees it: never its value or hash, dates already written in the ISP's time zone. */
export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  allowedIps: string[];
  rateLimitPerMinute: number;
  createdAt: string;
  expiresAt: string | null;
  lastUsed: string | null;
  state: "active" | "revoked" | "expired";
  stateNote: string | null;
};

const tones = { active: "success", revoked: "danger", expired: "warning" } as const;

export function ApiKeyList({ keys }: { keys: ApiKeyRow[] }) {
  if (keys.length === 0) return <p className="text-sm text-muted-foreground">No API keys yet. Create one below for each system that connects to NetSphere.</p>;
  return (
    <ul className="divide-y rounded-md border">
      {keys.map((k) => (
        <li key={k.id} className="grid gap-3 p-3 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-start">
          <div className="min-w-0 text-sm">
            <p className="flex flex-wrap items-center gap-2 font-medium">
              {k.name}
              <Badge tone={tones[k.state]}>{k.state === "active" ? "Active" : k.state === "revoked" ? "Revoked" : "Expired"}</Badge>
            </p>
            <p className="font-mono text-xs text-muted-foreground">{k.prefix}…</p>
            <p className="mt-1 break-words text-muted-foreground">{k.scopes.join(", ")}</p>
            <p className="text-muted-foreground">
              Created {k.createdAt}
              {k.expiresAt ? ` · expires ${k.expiresAt}` : " · no expiry"} · {k.rateLimitPerMinute} requests/min
              {k.allowedIps.length ? ` · only from ${k.allowedIps.join(", ")}` : ""}
            </p>
            <p className="text-muted-foreground">{k.lastUsed ? `Last used ${k.lastUsed}` : "Never used"}</p>
            {k.stateNote ? <p className="text-muted-foreground">{k.stateNote}</p> : null}
          </div>
          {k.state === "active" ? (
            <ConfirmButton
              label="Revoke"
              ariaLabel={`Revoke API key ${k.name}`}
              title={`Revoke “${k.name}”?`}
              description="Requests with this key are refused from now on. A system using it stops working until it gets a new key."
              confirmLabel="Revoke key"
              successMessage="The key was revoked."
              danger
              run={() => revokeApiKeyAction({ apiKeyId: k.id })}
            />
          ) : null}
        </li>
      ))}
    </ul>
  );
}
