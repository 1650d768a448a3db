import { importFieldLabels, importFields, type ImportField, type ImportMapping } from "@/lib/imports/fields";

/*
 * Column mapping: guessed from header names, checked before any row is looked at. Pure and
 * dependency-free, so the import wizard in the browser runs the same checks as the server.
 */

const synonyms: Record<ImportField, string[]> = {
  name: ["name", "fullname", "customer", "customername", "subscriber", "subscribername", "client", "clientname", "accountname"],
  account_number: ["accountnumber", "accountno", "accountnum", "acctno", "acctnumber", "account", "accountid", "accno", "customerid", "customerno"],
  phone: [
    "phone",
    "phonenumber",
    "phoneno",
    "mobile",
    "mobilenumber",
    "mobileno",
    "cellphone",
    "cp",
    "cpno",
    "contact",
    "contactnumber",
    "contactno",
    "tel",
    "telephone",
  ],
  alt_phone: ["altphone", "alternatephone", "alternativephone", "phone2", "mobile2", "otherphone", "secondaryphone", "landline"],
  email: ["email", "emailaddress", "mail"],
  service_address: ["serviceaddress", "address", "installationaddress", "installaddress", "street", "completeaddress", "location"],
  barangay: ["barangay", "brgy"],
  city: ["city", "municipality", "citymunicipality", "town"],
  latitude: ["latitude", "lat"],
  longitude: ["longitude", "lng", "lon", "long"],
  tags: ["tags", "tag", "labels", "groups"],
  notes: ["notes", "note", "remarks", "comments", "comment"],
  status: ["status", "customerstatus", "accountstatus"],
  plan: ["plan", "planname", "serviceplan", "package", "internetplan"],
  router: ["router", "routername", "nas", "mikrotik"],
  username: ["username", "pppoeusername", "pppoeuser", "pppoe", "hotspotusername", "user", "login"],
  password: ["password", "pppoepassword", "hotspotpassword", "pass", "pwd", "secret"],
  static_ip: ["staticip", "ipaddress", "ip", "remoteaddress"],
  start_date: ["startdate", "installationdate", "installdate", "dateinstalled", "activationdate", "dateconnected", "subscriptiondate", "since"],
};
const normaliseHeader = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The remembered mapping wins for headers it knows; the rest is guessed, each field used once. */
export function guessMapping(headers: string[], remembered?: Record<string, string> | null): ImportMapping {
  const mapping: ImportMapping = {};
  const used = new Set<string>();
  for (const h of headers) {
    const known = remembered?.[h];
    if (known && (known === "ignore" || (importFields as readonly string[]).includes(known))) {
      mapping[h] = known as ImportField | "ignore";
      if (known !== "ignore") used.add(known);
    }
  }
  for (const h of headers) {
    if (mapping[h]) continue;
    const key = normaliseHeader(h);
    const field = importFields.find((f) => !used.has(f) && synonyms[f].includes(key));
    mapping[h] = field ?? "ignore";
    if (field) used.add(field);
  }
  return mapping;
}

/** Problems that block the preview: no name column, or one field fed by two columns. */
export function checkMapping(headers: string[], mapping: ImportMapping): string[] {
  const problems: string[] = [];
  const byField = new Map<string, string[]>();
  for (const h of headers) {
    const target = mapping[h] ?? "ignore";
    if (target !== "ignore") byField.set(target, [...(byField.get(target) ?? []), h]);
  }
  if (!byField.has("name")) problems.push("Map one column to Name: every customer needs a name.");
  for (const [field, columns] of byField) {
    if (columns.length > 1) {
      problems.push(`${importFieldLabels[field as ImportField]} is mapped from ${columns.length} columns (${columns.join(", ")}): keep one.`);
    }
  }
  return problems;
}
