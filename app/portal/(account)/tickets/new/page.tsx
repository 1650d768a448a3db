import { requirePortalPage } from "@/lib/portal/context";
import { categoryLabels } from "@/lib/tickets/rules";
import { ticketCategories } from "@/lib/tickets/values";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent } from "@/components/ui/card";
import { NewTicketForm } from "@/components/portal/ticket-forms";

export const metadata = { title: "New ticket" };

export default async function PortalNewTicketPage() {
  const ctx = await requirePortalPage();
  return (
    <>
      <PageHeader title="New ticket" description={`Tell ${ctx.tenant.name} what is wrong; you can follow the answer here.`} />
      <Card className="max-w-2xl">
        <CardContent className="pt-4">
          <NewTicketForm categories={ticketCategories.map((category) => ({ value: category, label: categoryLabels[category] }))} />
        </CardContent>
      </Card>
    </>
  );
}
