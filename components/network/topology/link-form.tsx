"use client";
import { useRouter } from "next/navigation";
import { saveLinkAction } from "@/lib/topology/actions/links";
import { linkMedia, linkMediumLabels, type LinkMedium } from "@/lib/topology/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

export type LinkFormValues = {
  aRouterId: string;
  aInterface: string;
  bRouterId: string;
  bInterface: string;
  medium: LinkMedium;
  capacityMbps: string;
  label: string;
};

export const emptyLink: LinkFormValues = {
  aRouterId: "",
  aInterface: "",
  bRouterId: "",
  bInterface: "",
  medium: "fibre",
  capacityMbps: "",
  label: "",
};

/**
 * Draw a link by hand, or edit one (`linkId`). A discovered link's ends are what the routers reported, so only its
 * medium, capacity and label can change (`fixedEnds`).
 */
export function LinkForm({
  routers,
  linkId,
  initial = emptyLink,
  fixedEnds,
}: {
  routers: { id: string; name: string }[];
  linkId?: string;
  initial?: LinkFormValues;
  /** A discovered link's ends in words; its end fields are then not shown. */
  fixedEnds?: string;
}) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/topology/forms").then((m) => m.linkFieldsSchema),
    defaultValues: initial,
    action: (input: never) => saveLinkAction({ linkId, link: input }),
    successMessage: linkId ? "Link saved." : "Link added to the topology.",
    onSuccess: () => {
      if (!linkId) form.reset(emptyLink);
      router.refresh();
    },
  });
  const routerOptions = (
    <>
      <option value="">Choose a router</option>
      {routers.map((r) => (
        <option key={r.id} value={r.id}>
          {r.name}
        </option>
      ))}
    </>
  );
  const errorAt = (name: keyof LinkFormValues) => errorOf(name) ?? errorOf(`link.${name}`);
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-2">
      {fixedEnds ? (
        <p className="text-sm text-muted-foreground sm:col-span-2">{fixedEnds}, as the routers reported.</p>
      ) : (
        <>
          <Field label="From router" error={errorAt("aRouterId")}>
            <NativeSelect {...form.register("aRouterId")}>{routerOptions}</NativeSelect>
          </Field>
          <Field label="From port (optional)" error={errorAt("aInterface")}>
            <Input placeholder="sfp-sfpplus1" {...form.register("aInterface")} />
          </Field>
          <Field label="To router" error={errorAt("bRouterId")}>
            <NativeSelect {...form.register("bRouterId")}>{routerOptions}</NativeSelect>
          </Field>
          <Field label="To port (optional)" error={errorAt("bInterface")}>
            <Input placeholder="ether1" {...form.register("bInterface")} />
          </Field>
        </>
      )}
      <Field label="Medium" error={errorAt("medium")}>
        <NativeSelect {...form.register("medium")}>
          {linkMedia.map((medium) => (
            <option key={medium} value={medium}>
              {linkMediumLabels[medium]}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Capacity in Mbps (optional)" hint="Needed to show how full the link is." error={errorAt("capacityMbps")}>
        <Input inputMode="numeric" placeholder="1000" {...form.register("capacityMbps")} />
      </Field>
      <Field label="Label (optional)" error={errorAt("label")} className="flex flex-col gap-1.5 sm:col-span-2">
        <Input placeholder="PLDT leased line to the upstream" {...form.register("label")} />
      </Field>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {linkId ? "Save link" : "Add link"}
        </Button>
      </div>
    </form>
  );
}
