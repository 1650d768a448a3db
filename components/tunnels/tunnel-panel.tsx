"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import {
  applyTunnelOnRouterAction,
  disableRouterTunnelAction,
  enableRouterTunnelAction,
  revealTunnelScriptAction,
  saveTunnelHubAction,
  setTunnelConnectionAction,
} from "@/lib/tunnels/actions/tunnels";
import type { RouterTunnelStatus } from "@/lib/tunnels/service";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { RouterScript } from "@/components/routers/router-script";

type HubFields = { endpointHost: string; endpointPort: string; prefix: string };

/** The ISP's hub: where routers dial in and the prefix their tunnel addresses come from (one per ISP). */
function HubForm({ hub }: { hub: RouterTunnelStatus["hub"] }) {
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tunnels/rules").then((m) => m.tunnelHubSchema),
    defaultValues: {
      endpointHost: hub?.endpointHost ?? "",
      endpointPort: String(hub?.endpointPort ?? 51820),
      prefix: hub?.prefix ?? "10.99.0.0/24",
    } satisfies HubFields,
    action: saveTunnelHubAction,
    successMessage: hub ? "Hub settings saved." : "The hub is set up; its keys are made.",
    refreshOnSuccess: true,
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-3" aria-label="WireGuard hub settings">
      <Field label="Hub's public address" hint="The host name or IPv4 address routers dial." error={errorOf("endpointHost")}>
        <Input autoComplete="off" placeholder="hub.example.net" {...form.register("endpointHost")} />
      </Field>
      <Field label="Hub's UDP port" hint="51820 by default." error={errorOf("endpointPort")}>
        <Input type="number" inputMode="numeric" min={1} max={65535} {...form.register("endpointPort")} />
      </Field>
      <Field label="Tunnel prefix" hint="The hub takes the first address, routers the next ones." error={errorOf("prefix")}>
        <Input autoComplete="off" inputMode="decimal" {...form.register("prefix")} />
      </Field>
      <div className="sm:col-span-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : hub ? "Save hub settings" : "Set up the hub"}
        </Button>
      </div>
    </form>
  );
}

/**
 * The router's WireGuard tunnel to the ISP's hub, for routers NetSphere cannot reach directly (behind NAT): enabled
 * with one click, applied on the router through the API while NetSphere still reaches it (or its RouterOS script
 * pasted, shown with the private key hidden until revealed), and a switch to connect through it.
 */
export function TunnelPanel({
  routerId,
  routerHost,
  status,
  canChange,
}: {
  routerId: string;
  routerHost: string;
  status: RouterTunnelStatus;
  canChange: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  // The revealed script replaces the page's (placeholder) one until the page refreshes with another tunnel.
  const [revealed, setRevealed] = useState<{ v7: string; v6: string } | null>(null);
  const { hub, peer } = status;
  const script = peer ? (revealed ?? status.script) : null;

  const run = (work: () => Promise<{ ok: true } | { ok: false; message: string }>, success: string) =>
    start(async () => {
      const outcome = await work();
      if (!outcome.ok) return void toast.error(outcome.message);
      toast.success(success);
      router.refresh();
    });
  const reveal = () =>
    start(async () => {
      const outcome = await revealTunnelScriptAction({ routerId });
      if (!outcome.ok) return void toast.error(outcome.message);
      setRevealed(outcome.data);
    });

  if (!hub)
    return canChange ? (
      <div className="flex flex-col gap-3">
        <p className="text-sm">Set up your WireGuard hub first (once for all your routers; see the deployment guide, “D. The WireGuard hub”).</p>
        <HubForm hub={null} />
      </div>
    ) : (
      <p className="text-sm text-muted-foreground">No WireGuard hub is set up yet. Admins and owners can set one up.</p>
    );

  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm">
        <strong>Now:</strong>{" "}
        {peer
          ? `this router's tunnel address is ${peer.address}; NetSphere connects to ${peer.connectThroughTunnel ? `${peer.address} (through the tunnel)` : `${routerHost} (its host)`}.`
          : `no tunnel; NetSphere connects to ${routerHost}.`}{" "}
        The hub is {hub.endpointHost}:{hub.endpointPort} ({hub.hubAddress} inside the tunnel).
      </p>
      {status.health ? (
        <p className="text-sm">
          <strong>Tunnel:</strong> {status.health}
        </p>
      ) : null}
      {canChange ? (
        <div className="flex flex-wrap items-center gap-3">
          {peer ? (
            <>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  role="switch"
                  className="size-4"
                  checked={peer.connectThroughTunnel}
                  disabled={pending}
                  onChange={(event) => {
                    const connectThroughTunnel = event.target.checked;
                    run(
                      () => setTunnelConnectionAction({ routerId, connectThroughTunnel }),
                      connectThroughTunnel
                        ? `NetSphere connects to ${peer.address} from now on.`
                        : `NetSphere connects to ${routerHost} from now on.`,
                    );
                  }}
                />
                Connect through the tunnel
              </label>
              <Button
                type="button"
                size="sm"
                disabled={pending}
                onClick={() =>
                  start(async () => {
                    const outcome = await applyTunnelOnRouterAction({ routerId });
                    if (!outcome.ok) return void toast.error(outcome.message);
                    const { changes } = outcome.data;
                    toast.success(
                      changes.length === 0
                        ? "The router already has its tunnel: nothing to change."
                        : `Applied on the router: ${changes.join("; ")}. Once the hub sees its handshake, switch “Connect through the tunnel” on.`,
                    );
                    router.refresh();
                  })
                }
              >
                {pending ? "Working…" : "Apply on the router now"}
              </Button>
              <Button
                type="button"
                variant="outline"
                size="sm"
                disabled={pending}
                onClick={() => {
                  // The revealed script names keys that go with the tunnel.
                  setRevealed(null);
                  run(() => disableRouterTunnelAction({ routerId }), "Tunnel removed.");
                }}
              >
                Remove the tunnel
              </Button>
            </>
          ) : (
            <Button
              type="button"
              disabled={pending}
              onClick={() => run(() => enableRouterTunnelAction({ routerId }), "Tunnel enabled; paste the script into the router.")}
            >
              {pending ? "Enabling…" : "Enable a tunnel for this router"}
            </Button>
          )}
        </div>
      ) : (
        <p className="text-sm text-muted-foreground">Admins and owners can enable a tunnel for this router.</p>
      )}
      {peer && script ? (
        <RouterScript
          label="RouterOS tunnel script"
          heading="Paste this into the router's terminal (RouterOS 7)"
          commandsLabel={{ v7: "RouterOS 7 tunnel commands", v6: "RouterOS 6 tunnel note" }}
          script={script}
          reveal={canChange ? { placeholder: "<private-key>", label: "Reveal the router's private key", pending, onReveal: reveal } : null}
        />
      ) : null}
      {canChange ? (
        <details>
          <summary className="cursor-pointer text-sm">Hub settings (all routers)</summary>
          <div className="pt-3">
            <HubForm hub={hub} />
          </div>
        </details>
      ) : null}
    </div>
  );
}
