"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { addSubscriptionAction } from "@/lib/customers/actions/save-customer";
import { useActionForm } from "@/components/forms/use-action-form";
import { SubscriptionFields } from "@/components/customers/subscription-fields";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";

type Option = { id: string; name: string };

/** A further service for an existing customer (a second line, a hotspot pass, a static IP). */
export function AddSubscription({
  customerId,
  plans,
  routers,
  today,
}: {
  customerId: string;
  plans: Option[];
  routers: Option[];
  /** Today in the ISP's time zone: the default start date. */
  today: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const initial = {
    planId: plans[0]?.id ?? "",
    routerId: routers[0]?.id ?? "",
    username: "",
    password: "",
    staticIp: "",
    startDate: today,
    status: "active" as const,
  };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/subscriptions/rules").then((m) => m.subscriptionFieldsSchema),
    defaultValues: initial,
    action: addSubscriptionAction,
    toInput: (subscription) => ({ customerId, subscription }),
    successMessage: (d: { username: string }) => `Subscription ${d.username} created.`,
    onSuccess: () => {
      setOpen(false);
      form.reset(initial);
      router.refresh();
    },
  });
  const r = form.register;
  if (plans.length === 0) return null;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button size="sm" variant="outline" onClick={() => setOpen(true)}>
        Add subscription
      </Button>
      <DialogContent title="Add subscription" description="Creates the PPPoE or hotspot account; leave username and password empty to generate them.">
        <form method="post" onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-2">
          <SubscriptionFields register={r} errorOf={errorOf} plans={plans} routers={routers} />
          <div className="sm:col-span-2">
            <Button type="submit" disabled={pending}>
              Create subscription
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
