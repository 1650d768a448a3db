import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { listApiKeys, keyState } from "@/lib/api/keys";
import { formatDateTime } from "@/lib/core/dates";
import { staffToday } from "@/lib/auth/context";
import { timeZoneOrDefault } from "@/lib/core/time-zones";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ApiKeyList, type ApiKeyRow } from "@/components/api/api-key-list";
import { ApiKeyCreateForm } from "@/components/api/api-key-form";

export const metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const ctx = await requireStaffPage("integrations:manage");
  const timeZone = timeZoneOrDefault(ctx.timeZone);
  const keys = await listApiKeys(ctx.db, { tenantId: ctx.tenantId });
  const when = (date: Date | null) => (date ? formatDateTime(date, timeZone) : null);
  const rows: ApiKeyRow[] = keys.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    allowedIps: k.allowedIps,
    rateLimitPerMinute: k.rateLimitPerMinute,
    createdAt: when(k.createdAt)!,
    expiresAt: when(k.expiresAt),
    lastUsed: k.lastUsedAt ? `${when(k.lastUsedAt)}${k.lastUsedIp ? ` from ${k.lastUsedIp}` : ""}` : null,
    state: keyState(k),
    stateNote: k.revokedAt ? `Revoked ${when(k.revokedAt)}` : null,
  }));
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let your own systems (website sign-up, accounting, scripts) use the NetSphere API for your ISP. Each key does only what its scopes allow."
      />
      <SettingsTabs role={ctx.role} />
      <div className="grid gap-5 xl:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Your keys</CardTitle>
            <CardDescription>
              Every call is recorded in the audit log under the key&apos;s name.{" "}
              <Link className="text-primary underline underline-offset-4" href="/settings/api-keys/reference">
                API reference
              </Link>{" "}
              ·{" "}
              <a className="text-primary underline underline-offset-4" href="/api/v1/openapi.json">
                OpenAPI document
              </a>
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ApiKeyList keys={rows} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Create a key</CardTitle>
            <CardDescription>The key is shown once, when it is created. Store it in the other system&apos;s secret settings.</CardDescription>
          </CardHeader>
          <CardContent>
            <ApiKeyCreateForm today={staffToday(ctx)} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
