import type { Tenant } from "@/lib/tenants/schema";
import type { TaxSettingsInput } from "@/lib/tenants/rules";

export const businessValuesOf = (t: Tenant) => ({
  name: t.name,
  legalName: t.legalName,
  address: t.address,
  tin: t.tin,
  contactName: t.contactName,
  contactPhone: t.contactPhone,
});

export const taxValuesOf = (t: Tenant): TaxSettingsInput => ({
  currency: t.currency as TaxSettingsInput["currency"],
  timezone: t.timezone,
  vatRatePercent: t.vatRateBps / 100,
  taxInclusive: t.taxInclusive,
  invoicePrefix: t.invoicePrefix,
  accountPrefix: t.accountPrefix,
});
