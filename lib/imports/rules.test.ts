import { describe, expect, it } from "vitest";
import {
  checkMapping,
  decodeCsvBytes,
  guessMapping,
  isFormulaLike,
  parseCsv,
  parseImportDate,
  validateRows,
  type ImportContext,
} from "@/lib/imports/rules";
import { buildReportCsv, firstInvalidUtf8Offset, reportCell } from "@/lib/imports/csv";
import type { ImportMapping } from "@/lib/imports/fields";

const PLAN_ID = "11111111-1111-4111-8111-111111111111";
const ROUTER_ID = "22222222-2222-4222-8222-222222222222";
const context = (over: Partial<ImportContext> = {}): ImportContext => ({
  existingAccountNumbers: new Set(["ACC-000001"]),
  existingUsernames: new Set(["taken.user"]),
  existingEmails: new Set(["old@example.ph"]),
  plans: new Map([
    ["fiber 50", { id: PLAN_ID, name: "Fiber 50", active: true }],
    ["old plan", { id: "33333333-3333-4333-8333-333333333333", name: "Old Plan", active: false }],
  ]),
  routers: new Map([["lipa-ccr1", { id: ROUTER_ID, name: "Lipa-CCR1" }]]),
  today: "2026-01-15",
  ...over,
});

const HEADER = "name,account_number,phone,email,latitude,longitude,tags,status,plan,router,username,password,start_date,notes";
function check(lines: string[], ctx = context()) {
  const csv = parseCsv([HEADER, ...lines].join("\n"));
  return validateRows(csv, guessMapping(csv.headers), ctx);
}
const issuesOf = (lines: string[]) => check(lines).issues.map((i) => `${i.line}:${i.field ?? ""}:${i.kind}`);

describe("decodeCsvBytes", () => {
  const utf8 = new TextEncoder().encode("name\nMa. Luisa Peñaflor\n");
  it("accepts UTF-8 with and without BOM", () => {
    expect(decodeCsvBytes(utf8)).toBe("name\nMa. Luisa Peñaflor\n");
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe("name\nMa. Luisa Peñaflor\n");
  });
  it("refuses Windows-1252 (ñ = 0xF1) and says on which line", () => {
    const cp1252 = new Uint8Array([...new TextEncoder().encode("name\nJuan\nPe"), 0xf1, ...new TextEncoder().encode("aflor\n")]);
    expect(firstInvalidUtf8Offset(cp1252)).toBe(12);
    expect(() => decodeCsvBytes(cp1252)).toThrow(
      /The file is not UTF-8: save it as CSV UTF-8 and upload again\. The first unreadable character is on line 3/,
    );
  });
  it("refuses UTF-16 and Excel workbooks", () => {
    expect(() => decodeCsvBytes(new Uint8Array([0xff, 0xfe, 0x6e, 0x00]))).toThrow(/not UTF-8/);
    expect(() => decodeCsvBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14]))).toThrow(/Excel workbook/);
  });
});

describe("parseCsv", () => {
  it("numbers lines from the header (line 1), ignores blank rows and quoted newlines stay one record", () => {
    const csv = parseCsv('\uFEFFname,notes\nAna,"two\nlines"\n,\nBen,x\n');
    expect(csv.headers).toEqual(["name", "notes"]);
    expect(csv.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(csv.emptyRows).toBe(1);
  });
  it("detects semicolon files, names blank and repeated headers", () => {
    expect(parseCsv("name;phone\nAna;0917 123 4567\n").headers).toEqual(["name", "phone"]);
    expect(parseCsv("name,,phone,phone\nA,,1,2\n").headers).toEqual(["name", "Column 2", "phone", "phone (2)"]);
  });
  it("reports a row with more values than columns", () => {
    expect(parseCsv("name,city\nAna,Lipa,Batangas\n").problems).toEqual([expect.objectContaining({ line: 2, kind: "error" })]);
  });
  it("refuses an empty file", () => {
    expect(() => parseCsv("\n")).toThrow(/empty/);
  });
});

describe("mapping", () => {
  it("guesses from common header names, each field once", () => {
    expect(guessMapping(["Customer Name", "Acct No", "Mobile No.", "E-mail", "Brgy", "PPPoE Username", "Plan", "Phone", "Whatever"])).toEqual({
      "Customer Name": "name",
      "Acct No": "account_number",
      "Mobile No.": "phone",
      "E-mail": "email",
      Brgy: "barangay",
      "PPPoE Username": "username",
      Plan: "plan",
      Phone: "ignore",
      Whatever: "ignore",
    });
  });
  it("prefers the remembered mapping", () => {
    expect(guessMapping(["Client", "Phone"], { Client: "ignore", Phone: "alt_phone" })).toEqual({ Client: "ignore", Phone: "alt_phone" });
  });
  it("blocks a mapping without name or with a field twice", () => {
    expect(checkMapping(["a", "b"], { a: "phone", b: "ignore" })).toEqual(["Map one column to Name: every customer needs a name."]);
    expect(checkMapping(["a", "b"], { a: "name", b: "name" })[0]).toMatch(/mapped from 2 columns/);
  });
});

describe("formula-like cells", () => {
  it.each([
    ["name", '=HYPERLINK("x")', true],
    ["name", "@SUM(A1)", true],
    ["notes", "-2+3", true],
    ["notes", "+cmd", true],
    ["phone", "+63 917 123 4567", false],
    ["phone", "+63+917", true],
    ["latitude", "-12.5", false],
    ["longitude", "+121.15", false],
    ["latitude", "-1+1", true],
    ["name", "Ana = Ben", false],
  ])("%s %s → %s", (field, value, expected) => expect(isFormulaLike(field, value)).toBe(expected));

  it("rejects the row, keeps international phones", () => {
    const r = check(["=cmd|' /C calc'!A0,,,,,,,,,,,,,", "Ana,,+63 917 123 4567,,,,,,,,,,,"]);
    expect(r.issues).toEqual([{ line: 2, field: "name", kind: "error", message: 'Formula-like values are not imported (starts with "=")' }]);
    expect(r.valid.map((v) => v.fields.phone)).toEqual(["+63 917 123 4567"]);
  });
});

describe("parseImportDate", () => {
  it.each([
    ["2024-03-15", "2024-03-15"],
    ["2024/3/5", "2024-03-05"],
    ["15/03/2024", "2024-03-15"],
    ["03/15/2024", "2024-03-15"],
    ["05/05/2024", "2024-05-05"],
  ])("%s → %s", (value, date) => expect(parseImportDate(value)).toEqual({ date }));
  it.each(["03/04/2024", "2024-02-30", "45123", "13/13/2024", "tomorrow"])("%s is refused", (value) =>
    expect(parseImportDate(value)).toHaveProperty("error"),
  );
});

describe("validateRows", () => {
  it("accepts a full row with its subscription", () => {
    const r = check([
      "Ana Cruz,ACC-9,0917 123 4567,Ana@Example.ph,14.1,121.1,vip; fiber | vip,Suspended,fiber 50,LIPA-CCR1,Ana.C,secret12,15/03/2024,hi",
    ]);
    expect(r.issues).toEqual([]);
    expect(r.valid[0]).toMatchObject({
      line: 2,
      accountNumber: "ACC-9",
      fields: { name: "Ana Cruz", email: "ana@example.ph", latitude: 14.1, tags: ["vip", "fiber"], status: "suspended" },
      subscription: { planId: PLAN_ID, routerId: ROUTER_ID, username: "ana.c", password: "secret12", startDate: "2024-03-15", status: "suspended" },
    });
  });
  it("gives a plan-less customer no subscription and a subscription today's date", () => {
    const r = check(["Ana,,,,,,,,,,,,,", "Ben,,,,,,,,Fiber 50,,,,,"]);
    expect(r.valid[0].subscription).toBeNull();
    expect(r.valid[1].subscription).toMatchObject({ startDate: "2026-01-15", status: "active" });
  });
  it("reports each problem by line and field", () => {
    expect(
      issuesOf([
        ",,,,,,,,,,,,,notes without a name",
        "Ana,,,not-an-email,,,,,,,,,,",
        "Ben,,,,14.5.1,200,,,,,,,,",
        "Cy,,,,,,,,Fiber 99,,,,,",
        "Di,,,,,,,,,Nowhere,,,,",
        "Ed,,,,,,,,Old Plan,,,,,",
        "Fe,,,,,,,gone,,,,,,",
        "Gi,,,,,,,,Fiber 50,,,,03/04/2024,",
        "Ho,,,,,,,,Fiber 50,,x,abc,,",
      ]),
    ).toEqual([
      "2:name:error",
      "3:email:error",
      "4:latitude:error",
      "4:longitude:error",
      "5:plan:error",
      "6:plan:error",
      "6:router:error",
      "7:plan:error",
      "8:status:error",
      "9:start_date:error",
      "10:username:error",
      "10:password:error",
    ]);
  });
  it("reports duplicates in the file and in the tenant, keeping the first occurrence", () => {
    const r = check([
      "Ana,ACC-5,,a@x.ph,,,,,Fiber 50,,ana1,,,",
      "Ana again,acc-5,,,,,,,,,,,,",
      "Ben,,,A@x.ph,,,,,,,,,,",
      "Cy,,,,,,,,Fiber 50,,ANA1,,,",
      "Di,ACC-000001,,,,,,,,,,,,",
      "Ed,,,old@example.ph,,,,,,,,,,",
      "Fe,,,,,,,,Fiber 50,,taken.user,,,",
    ]);
    expect(r.issues.map((i) => [i.line, i.field, i.message])).toEqual([
      [3, "account_number", "Account number acc-5 also appears on line 2"],
      [4, "email", "Email a@x.ph also appears on line 2"],
      [5, "username", "Username ana1 also appears on line 2"],
      [6, "account_number", "Account number ACC-000001 already exists in your customer list"],
      [7, "email", "Email old@example.ph already exists in your customer list"],
      [8, "username", "Username taken.user already exists in your customer list"],
    ]);
    expect(r).toMatchObject({ totalRows: 7, errorRows: 0, duplicateRows: 6 });
    expect(r.valid.map((v) => v.line)).toEqual([2]);
  });
  it("maps only the chosen columns", () => {
    const csv = parseCsv("Full name,Mobile,Secret\nAna,0917 123 4567,=x\n");
    const mapping: ImportMapping = { "Full name": "name", Mobile: "phone", Secret: "ignore" };
    expect(validateRows(csv, mapping, context()).valid[0].fields).toMatchObject({ name: "Ana", phone: "0917 123 4567" });
  });
});

describe("report CSV", () => {
  it("neutralises formula prefixes and quotes", () => {
    expect(reportCell("=1+1")).toBe("'=1+1");
    expect(reportCell("-5")).toBe("'-5");
    expect(reportCell('a "b", c')).toBe('"a ""b"", c"');
    expect(buildReportCsv([{ line: 2, status: "skipped", accountNumber: "", name: "@x", reason: "bad" }])).toBe(
      "\uFEFFline,status,account_number,name,reason\r\n2,skipped,,'@x,bad\r\n",
    );
  });
});
