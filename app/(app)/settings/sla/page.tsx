import { requireStaffPage } from "@/lib/auth/session";
import { todayIn } from "@/lib/core/calendar";
import { hoursValuesOf, policyValuesOf } from "@/lib/tickets/sla-rules";
import { listHolidays, loadSlaSetup } from "@/lib/tickets/sla-settings";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { SlaPoliciesForm } from "@/components/tickets/sla-policies-form";
import { BusinessHoursForm } from "@/components/tickets/business-hours-form";
import { HolidaysEditor } from "@/components/tickets/holidays-editor";

export const metadata = { title: "SLA settings" };

export default async function SlaSettingsPage() {
  const ctx = await requireStaffPage("sla:settings");
  const setup = await loadSlaSetup(ctx.db, { tenantId: ctx.tenantId });
  const today = todayIn(setup.calendar.timeZone);
  const year = Number(today.slice(0, 4));
  const holidays = await listHolidays(ctx.db, { tenantId: ctx.tenantId, from: `${year}-01-01` });
  return (
    <>
      <PageHeader
        title="SLA settings"
        description="Targets per priority, business hours and holidays. Changes apply to tickets opened from now on."
      />
      <SettingsTabs role={ctx.role} />
      <div className="flex flex-col gap-5">
        <Card>
          <CardHeader>
            <CardTitle>Policies</CardTitle>
            <CardDescription>
              {setup.custom.policies ? "Your policies." : "The built-in policies, until you save your own."} Targets are business minutes unless a
              policy runs around the clock. The waiting time while a ticket waits on the customer does not count.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <SlaPoliciesForm initial={policyValuesOf(setup.policies)} />
          </CardContent>
        </Card>
        <div className="grid gap-5 xl:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle>Business hours</CardTitle>
              <CardDescription>
                {setup.custom.hours ? "Your opening hours." : "Monday to Saturday, 08:00–17:00, until you save your own."}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <BusinessHoursForm initial={hoursValuesOf(setup.calendar.weeklyHours)} timeZone={setup.calendar.timeZone} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Holidays</CardTitle>
              <CardDescription>Closed all day: business-hours targets skip these dates.</CardDescription>
            </CardHeader>
            <CardContent>
              <HolidaysEditor holidays={holidays.map((h) => ({ id: h.id, date: h.date, name: h.name }))} years={[year, year + 1]} />
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}
