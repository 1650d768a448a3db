"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { disableRadiusAction, previewRadiusSwitchAction, revealRadiusScriptAction, saveRadiusModeAction } from "@/lib/radius/actions/radius";
import type { RadiusStatus, RadiusSwitchPreview } from "@/lib/radius/nas";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { RouterScript } from "@/components/routers/router-script";

type Fields = { routerId: string; nasAddress: string; coaPort: string; interimSeconds: string; requireMessageAuth: boolean };

/**
 * The router's authentication: API push or RADIUS. Switching is previewed first, once the fields are valid (what moves
 * where, nothing written), then confirmed; in RADIUS mode the RouterOS script is shown with its secret hidden until revealed.
 */
export function RadiusModePanel({
  routerId,
  status,
  canChange,
  tunnelAddress,
}: {
  routerId: string;
  status: RadiusStatus;
  canChange: boolean;
  /** The router's tunnel address while NetSphere reaches it through the WireGuard hub: the NAS address to suggest. */
  tunnelAddress: string | null;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [preview, setPreview] = useState<RadiusSwitchPreview | null>(null);
  const [script, setScript] = useState<{ v7: string; v6: string } | null>(status.script);
  const radius = status.mode === "radius";
  const settings = status.settings;
  const {
    form,
    submit,
    pending: saving,
    errorOf,
  } = useActionForm({
    loadSchema: () => import("@/lib/radius/rules").then((m) => m.radiusSettingsSchema),
    defaultValues: {
      routerId,
      // A router reached through its WireGuard tunnel sends RADIUS from its tunnel address.
      nasAddress: settings?.nasAddress ?? tunnelAddress ?? "",
      coaPort: String(settings?.coaPort ?? 3799),
      interimSeconds: String(settings?.interimSeconds ?? 300),
      requireMessageAuth: settings?.requireMessageAuth ?? true,
    } satisfies Fields,
    action: saveRadiusModeAction,
    successMessage: radius ? "RADIUS settings saved; the router is reconciled now." : "Switched to RADIUS; the router is reconciled now.",
    onSuccess: () => setPreview(null),
    refreshOnSuccess: true,
  });

  const showPreview = (to: "api" | "radius") =>
    start(async () => {
      const outcome = await previewRadiusSwitchAction({ routerId, to });
      if (!outcome.ok) return void toast.error(outcome.message);
      setPreview(outcome.data);
    });
  const switchBack = () =>
    start(async () => {
      const outcome = await disableRadiusAction({ routerId });
      if (!outcome.ok) return void toast.error(outcome.message);
      toast.success("Back to API push; the accounts are written to the router now.");
      setPreview(null);
      router.refresh();
    });
  const reveal = () =>
    start(async () => {
      const outcome = await revealRadiusScriptAction({ routerId });
      if (!outcome.ok) return void toast.error(outcome.message);
      setScript(outcome.data);
    });

  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm">
        <strong>Now:</strong>{" "}
        {radius
          ? `RADIUS — the router asks NetSphere's RADIUS server (${settings?.nasAddress} is its source address); no subscriber account is kept on it.`
          : "API push — NetSphere writes each subscriber's PPPoE secret or hotspot user to the router."}
      </p>
      {!status.serverConfigured ? (
        <p className="text-sm text-muted-foreground">
          This NetSphere has no RADIUS server configured yet (RADIUS_SERVER_ADDRESS); see the deployment guide, “Running FreeRADIUS”.
        </p>
      ) : null}
      {canChange ? (
        <form method="post" onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-2" aria-label="RADIUS settings">
          <input type="hidden" {...form.register("routerId")} />
          <Field
            label="Source address of the router's RADIUS packets"
            hint="Its tunnel or public IPv4 address, as the RADIUS server sees it."
            error={errorOf("nasAddress")}
          >
            <Input inputMode="decimal" autoComplete="off" placeholder="10.99.0.2" {...form.register("nasAddress")} />
          </Field>
          <Field label="CoA port" hint="Where the router takes CoA and Disconnect (/radius incoming); 3799 by default." error={errorOf("coaPort")}>
            <Input type="number" inputMode="numeric" min={1} max={65535} {...form.register("coaPort")} />
          </Field>
          <Field
            label="Interim updates every (seconds)"
            hint="60 to 3600; a session silent for three of these is closed."
            error={errorOf("interimSeconds")}
          >
            <Input type="number" inputMode="numeric" min={60} max={3600} {...form.register("interimSeconds")} />
          </Field>
          <label className="flex items-center gap-2 self-end text-sm">
            <input type="checkbox" className="size-4" {...form.register("requireMessageAuth")} />
            Require Message-Authenticator (BlastRADIUS; RouterOS 7.15 or later)
          </label>
          <div className="flex flex-wrap gap-2 sm:col-span-2">
            {radius ? (
              <>
                <Button type="submit" disabled={saving}>
                  {saving ? "Saving…" : "Save RADIUS settings"}
                </Button>
                <Button type="button" variant="outline" disabled={pending} onClick={() => showPreview("api")}>
                  Preview switching back to API push
                </Button>
              </>
            ) : (
              <Button type="button" variant="outline" disabled={pending} onClick={form.handleSubmit(() => showPreview("radius"))}>
                {pending ? "Working it out…" : "Preview switching to RADIUS"}
              </Button>
            )}
          </div>
          {preview ? (
            <section aria-label="Preview of the switch" className="flex flex-col gap-2 rounded-md border p-3 text-sm sm:col-span-2">
              <p role="status">
                <strong>Preview:</strong> {preview.accounts.pppoe} PPPoE and {preview.accounts.hotspot} hotspot{" "}
                {preview.accounts.pppoe + preview.accounts.hotspot === 1 ? "account moves" : "accounts move"}
                {preview.to === "radius" ? " to RADIUS" : " back to the router"}
                {preview.sessionsReconnect ? "; their live sessions reconnect once." : "."}
              </p>
              <ul className="list-disc pl-5">
                {preview.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
              {preview.sample.length > 0 ? <p className="text-muted-foreground">For example: {preview.sample.join(", ")}.</p> : null}
              <div>
                {preview.to === "radius" ? (
                  <Button type="submit" disabled={saving || !status.serverConfigured}>
                    {saving ? "Switching…" : "Switch to RADIUS"}
                  </Button>
                ) : (
                  <Button type="button" variant="danger" disabled={pending} onClick={switchBack}>
                    Switch back to API push
                  </Button>
                )}
              </div>
            </section>
          ) : null}
        </form>
      ) : (
        <p className="text-sm text-muted-foreground">Admins and owners can switch a router between API push and RADIUS.</p>
      )}
      {radius && script ? (
        <RouterScript
          label="RouterOS script"
          heading="The router's side (NetSphere applies it; paste it if the router is not reachable yet)"
          commandsLabel={{ v7: "RouterOS 7 commands", v6: "RouterOS 6 commands" }}
          script={script}
          reveal={canChange ? { placeholder: "<secret>", label: "Reveal the shared secret", pending, onReveal: reveal } : null}
        />
      ) : null}
    </div>
  );
}
