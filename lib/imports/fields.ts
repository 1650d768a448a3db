/*
 * What a CSV column can be mapped to. Pure constants and types, shared by the server (rules,
 * service, route handlers) and the browser (the import wizard): no server-only imports here.
 */
export const importFields = [
  "name",
  "account_number",
  "phone",
  "alt_phone",
  "email",
  "service_address",
  "barangay",
  "city",
  "latitude",
  "longitude",
  "tags",
  "notes",
  "status",
  "plan",
  "router",
  "username",
  "password",
  "static_ip",
  "start_date",
] as const;
export type ImportField = (typeof importFields)[number];
export type MappingTarget = ImportField | "ignore";
/** CSV header → field; the shape remembered in `tenants.import_mapping`. */
export type ImportMapping = Record<string, MappingTarget>;

export const importFieldLabels: Record<ImportField, string> = {
  name: "Name (required)",
  account_number: "Account number",
  phone: "Phone",
  alt_phone: "Alternate phone",
  email: "Email",
  service_address: "Service address",
  barangay: "Barangay",
  city: "City / municipality",
  latitude: "Latitude",
  longitude: "Longitude",
  tags: "Tags (separated by ; or |)",
  notes: "Notes",
  status: "Status (active, suspended, terminated, lead)",
  plan: "Service plan (by name)",
  router: "Router (by name)",
  username: "PPPoE / hotspot username",
  password: "PPPoE / hotspot password",
  static_ip: "Static IP",
  start_date: "Start date (YYYY-MM-DD)",
};

/** Columns that describe the customer's subscription: any of them filled means the row has one. */
export const subscriptionImportFields: readonly ImportField[] = ["plan", "router", "username", "password", "static_ip", "start_date"];

/** Hard limit on the uploaded file, checked before anything is parsed. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** More data rows than this in one file is refused: split the file. */
export const MAX_IMPORT_ROWS = 100_000;

export const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

export const tooLargeMessage = (size: number) =>
  `The file is ${formatBytes(size)}; the limit is 50 MB. Split it into smaller files and import them one after the other.`;
export const notUtf8Message = "The file is not UTF-8: save it as CSV UTF-8 and upload again.";

/* What the route handlers return to the wizard. */

export type IssueKind = "error" | "duplicate";
export type PreviewIssue = { line: number; field?: string; message: string; kind?: IssueKind };

export type AnalyzeResult = {
  fileName: string;
  headers: string[];
  /** First values of each column, to help the user recognise it. */
  examples: Record<string, string>;
  rowCount: number;
  mapping: ImportMapping;
  remembered: boolean;
};

export type PreviewRow = {
  line: number;
  name: string;
  accountNumber: string;
  phone: string;
  email: string;
  city: string;
  status: string;
  plan: string;
  username: string;
};

export type PlanCap = { ok: boolean; message?: string; upgradeUrl?: string; used: number; limit: number };

export type PreviewResult = {
  totalRows: number;
  validRows: number;
  errorRows: number;
  duplicateRows: number;
  emptyRows: number;
  issues: PreviewIssue[];
  sample: PreviewRow[];
  cap: PlanCap;
};

export type ImportJobStatus = "running" | "completed" | "refused" | "failed";

export type ImportOutcome = {
  jobId: string;
  status: ImportJobStatus;
  totalRows: number;
  importedRows: number;
  skippedRows: number;
  message: string;
  upgradeUrl?: string;
  durationMs: number;
};

export type ImportEvent =
  | { type: "job"; jobId: string; total: number }
  | { type: "progress"; phase: "checking" | "saving"; processed: number; total: number }
  | { type: "done"; outcome: ImportOutcome }
  | { type: "error"; message: string; upgradeUrl?: string };
