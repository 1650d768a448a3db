import { requireStaffPage } from "@/lib/auth/session";
import { listMailbox } from "@/lib/mail/queries";
import { listAttachmentsOfEmails } from "@/lib/mail/attachments";
import { getTenant } from "@/lib/tenants/service";
import { env } from "@/lib/core/env";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { MailboxList } from "@/components/mailbox/mailbox-list";
import { formatDateTime } from "@/lib/core/dates";

export const metadata = { title: "Dev mailbox" };

export default async function MailboxPage() {
  const ctx = await requireStaffPage("mailbox:view");
  const [tenant, emails] = await Promise.all([getTenant(ctx.db, { tenantId: ctx.tenantId }), listMailbox(ctx.db, { tenantId: ctx.tenantId })]);
  const attachments = await listAttachmentsOfEmails(ctx.db, { tenantId: ctx.tenantId, emailIds: emails.map((m) => m.id) });
  const smtp = !!env().SMTP_URL;
  return (
    <>
      <PageHeader
        title="Dev mailbox"
        description={
          smtp
            ? "Every email NetSphere sent for your ISP, newest first, with its delivery status."
            : "No mail server (SMTP_URL) is set, so NetSphere keeps its emails here instead of sending them. Open one to read it and use its links."
        }
      />
      {emails.length === 0 ? (
        <EmptyState title="No emails yet">
          Staff invitations, password resets, invoices and receipts emailed by {tenant.name} will show up here, newest first, so you can read them and
          use their links without a mail server.
        </EmptyState>
      ) : (
        <MailboxList
          emails={emails.map((m) => ({
            id: m.id,
            to: m.to,
            subject: m.subject,
            text: m.text,
            when: formatDateTime(m.createdAt, tenant.timezone),
            status: m.status,
            transport: m.transport,
            error: m.error,
            attachments: attachments
              .filter((a) => a.emailId === m.id)
              .map((a) => ({ id: a.id, filename: a.filename, href: `/api/mailbox/attachments/${a.id}` })),
          }))}
        />
      )}
    </>
  );
}
