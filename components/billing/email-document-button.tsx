"use client";
import Link from "next/link";
import { useId, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Mail } from "lucide-react";
import { toast } from "sonner";
import { emailInvoiceAction, emailReceiptAction } from "@/lib/billing/actions/documents";
import { Button } from "@/components/ui/button";

/** Emails the invoice or receipt PDF to the customer; says why it cannot when the customer has no email. */
export function EmailDocumentButton({ kind, id, email, customerId }: { kind: "invoice" | "receipt"; id: string; email: string; customerId: string }) {
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const noteId = useId();
  const what = kind === "invoice" ? "invoice" : "receipt";

  if (!email) {
    return (
      <div className="flex max-w-64 flex-col gap-1">
        <Button variant="outline" disabled aria-describedby={noteId}>
          <Mail aria-hidden="true" />
          Email to customer
        </Button>
        <p id={noteId} className="text-xs text-muted-foreground">
          This customer has no email address.{" "}
          <Link href={`/customers/${customerId}/edit`} className="text-primary underline underline-offset-2">
            Add one
          </Link>{" "}
          to email the {what}.
        </p>
      </div>
    );
  }

  const send = () =>
    startTransition(async () => {
      const result = kind === "invoice" ? await emailInvoiceAction({ invoiceId: id }) : await emailReceiptAction({ paymentId: id });
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      const name = kind === "invoice" ? "Invoice" : "Official receipt";
      if (result.data.status === "queued")
        toast.warning(`The mail server could not be reached: the ${what} to ${result.data.to} is queued and will be retried automatically.`);
      else toast.success(`${name} emailed to ${result.data.to}.`);
      router.refresh();
    });

  return (
    <Button variant="outline" onClick={send} disabled={pending} title={`Send the ${what} PDF to ${email}`}>
      <Mail aria-hidden="true" />
      {pending ? "Sending…" : "Email to customer"}
    </Button>
  );
}
