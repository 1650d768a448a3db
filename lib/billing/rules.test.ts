import { describe, expect, it } from "vitest";
import { applyTax, creditOfLines, creditShareOf, divideRounded, parsePositiveAmount, sumLines } from "./money";
import { heldWithin, initialBilledThrough, pausedDays, periodContaining, periodsToBill, planChangeProration, prorate, type Anchor } from "./periods";
import { addonCharge, holdingOf } from "./addon-lines";
import { checkPromo, dunningSteps, lateFeeAmount, lateFeesDue, promoDiscount, type LateFeePolicy, type PromoCode } from "./rules";

describe("rounding: half-up on the magnitude, once per line", () => {
  it.each([
    [10_005, 1000, 10],
    [10_004, 1000, 10],
    [15, 10, 2],
    [-15, 10, -2],
    [-14, 10, -1],
    [1, 3, 0],
    [2, 3, 1],
  ])("%i / %i = %i", (n, d, expected) => expect(divideRounded(n, d)).toBe(expected));
});

describe("VAT", () => {
  it.each`
    amount      | inclusive | exempt   | net         | tax        | total
    ${149_900}  | ${true}   | ${false} | ${133_839}  | ${16_061}  | ${149_900}
    ${100_000}  | ${false}  | ${false} | ${100_000}  | ${12_000}  | ${112_000}
    ${99_999}   | ${false}  | ${false} | ${99_999}   | ${12_000}  | ${111_999}
    ${1}        | ${true}   | ${false} | ${1}        | ${0}       | ${1}
    ${112}      | ${true}   | ${false} | ${100}      | ${12}      | ${112}
    ${-149_900} | ${true}   | ${false} | ${-133_839} | ${-16_061} | ${-149_900}
    ${149_900}  | ${true}   | ${true}  | ${149_900}  | ${0}       | ${149_900}
  `("₱$amount inclusive=$inclusive exempt=$exempt → net $net + VAT $tax = $total", ({ amount, inclusive, exempt, net, tax, total }) => {
    expect(applyTax({ amount, rateBps: 1200, inclusive, exempt })).toEqual({ netCentavos: net, taxCentavos: tax, totalCentavos: total });
  });

  it("a credit line mirrors its charge, so charge + credit is exactly zero", () => {
    for (const amount of [1, 7, 99_999, 123_457, 149_900]) {
      for (const inclusive of [true, false]) {
        const charge = applyTax({ amount, rateBps: 1200, inclusive });
        const credit = applyTax({ amount: -amount, rateBps: 1200, inclusive });
        expect(charge.totalCentavos + credit.totalCentavos).toBe(0);
        expect(charge.taxCentavos + credit.taxCentavos).toBe(0);
      }
    }
  });

  it("invoice totals are sums of rounded lines, zero-rated and exempt sales apart from VATable ones", () => {
    const lines = [
      { ...applyTax({ amount: 149_900, rateBps: 1200, inclusive: true }), taxExempt: false, taxRateBps: 1200 },
      { ...applyTax({ amount: 50_000, rateBps: 1200, inclusive: true, exempt: true }), taxExempt: true, taxRateBps: 1200 },
      // A 0 % tax class (a PEZA locator's service): zero-rated, not VATable.
      { ...applyTax({ amount: 30_000, rateBps: 0, inclusive: false }), taxExempt: false, taxRateBps: 0 },
    ];
    expect(sumLines(lines)).toEqual({
      vatableCentavos: 133_839,
      zeroRatedCentavos: 30_000,
      exemptCentavos: 50_000,
      taxCentavos: 16_061,
      totalCentavos: 229_900,
    });
  });
});

describe("credit notes carry the VAT split of the sales they take back", () => {
  const plain = { vatableCentavos: 133_839, zeroRatedCentavos: 0, exemptCentavos: 0, taxCentavos: 16_061, totalCentavos: 149_900 };
  const mixed = { vatableCentavos: 100_000, zeroRatedCentavos: 0, exemptCentavos: 20_000, taxCentavos: 12_000, totalCentavos: 132_000 };
  const exemptOnly = { vatableCentavos: 0, zeroRatedCentavos: 0, exemptCentavos: 50_000, taxCentavos: 0, totalCentavos: 50_000 };
  const zeroRated = { vatableCentavos: 100_000, zeroRatedCentavos: 50_000, exemptCentavos: 0, taxCentavos: 12_000, totalCentavos: 162_000 };
  it.each`
    case                                     | amount     | invoice       | vatable    | zero     | exempt    | tax
    ${"₱300 of a 12% VAT-inclusive invoice"} | ${30_000}  | ${plain}      | ${26_786}  | ${0}     | ${0}      | ${3_214}
    ${"all of it"}                           | ${149_900} | ${plain}      | ${133_839} | ${0}     | ${0}      | ${16_061}
    ${"₱132 of a mixed invoice"}             | ${13_200}  | ${mixed}      | ${10_000}  | ${0}     | ${2_000}  | ${1_200}
    ${"a centavo of a mixed invoice"}        | ${1}       | ${mixed}      | ${1}       | ${0}     | ${0}      | ${0}
    ${"an exempt invoice"}                   | ${10_000}  | ${exemptOnly} | ${0}       | ${0}     | ${10_000} | ${0}
    ${"₱162 of a partly zero-rated invoice"} | ${16_200}  | ${zeroRated}  | ${10_000}  | ${5_000} | ${0}      | ${1_200}
  `("against an invoice: $case", ({ amount, invoice, vatable, zero, exempt, tax }) => {
    const split = creditShareOf(amount, invoice);
    expect(split).toEqual({ vatableCentavos: vatable, zeroRatedCentavos: zero, exemptCentavos: exempt, taxCentavos: tax });
    expect(split.vatableCentavos + split.zeroRatedCentavos + split.exemptCentavos + split.taxCentavos).toBe(amount);
  });

  const line = (amount: number, inclusive: boolean, exempt = false) => ({
    ...applyTax({ amount, rateBps: exempt ? 0 : 1200, inclusive, exempt }),
    taxExempt: exempt,
    taxRateBps: exempt ? 0 : 1200,
  });
  it.each`
    case                                                           | lines                                        | vatable   | exempt    | tax      | total
    ${"prepaid downgrade ₱1,499 → ₱999, 15 of 30 days, VAT-incl."} | ${[line(-74_950, true), line(49_950, true)]} | ${22_322} | ${0}      | ${2_678} | ${25_000}
    ${"downgrade of ₱419.35 on a VAT-inclusive plan"}              | ${[line(-41_935, true)]}                     | ${37_442} | ${0}      | ${4_493} | ${41_935}
    ${"termination, 10 unused days of ₱2,499, VAT-exclusive"}      | ${[line(-72_003, false)]}                    | ${72_003} | ${0}      | ${8_640} | ${80_643}
    ${"termination credit of ₱806.45 for a VAT-exempt customer"}   | ${[line(-80_645, true, true)]}               | ${0}      | ${80_645} | ${0}     | ${80_645}
  `("from priced lines: $case", ({ lines, vatable, exempt, tax, total }) => {
    const credit = creditOfLines(sumLines(lines));
    expect(credit).toEqual({ vatableCentavos: vatable, zeroRatedCentavos: 0, exemptCentavos: exempt, taxCentavos: tax, totalCentavos: total });
    expect(credit.vatableCentavos + credit.exemptCentavos + credit.taxCentavos).toBe(credit.totalCentavos);
  });
});

describe("amounts staff type", () => {
  it.each([
    ["1,299.50", 129_950],
    ["₱500", 50_000],
    ["0.01", 1],
  ])("%s → %i centavos", (text, centavos) => expect(parsePositiveAmount(text)).toEqual({ ok: true, centavos }));
  it.each([
    ["0", "The amount must be more than zero"],
    ["-100", "The amount must be more than zero"],
    ["10.005", "Use at most two decimals (centavos)"],
    ["ten", "Enter an amount like 1,299.50"],
    ["", "Enter an amount"],
  ])("%s is refused: %s", (text, message) => expect(parsePositiveAmount(text)).toEqual({ ok: false, message }));
});

describe("periods", () => {
  const anniversary = (startDate: string): Anchor => ({ kind: "anniversary", startDate });
  it.each`
    date            | anchor                              | start           | end
    ${"2026-02-15"} | ${anniversary("2026-01-31")}        | ${"2026-01-31"} | ${"2026-02-27"}
    ${"2026-02-28"} | ${anniversary("2026-01-31")}        | ${"2026-02-28"} | ${"2026-03-30"}
    ${"2028-02-29"} | ${anniversary("2027-12-31")}        | ${"2028-02-29"} | ${"2028-03-30"}
    ${"2026-11-30"} | ${anniversary("2026-11-30")}        | ${"2026-11-30"} | ${"2026-12-29"}
    ${"2026-11-26"} | ${{ kind: "billing_day", day: 1 }}  | ${"2026-11-01"} | ${"2026-11-30"}
    ${"2026-11-28"} | ${{ kind: "billing_day", day: 28 }} | ${"2026-11-28"} | ${"2026-12-27"}
    ${"2026-11-27"} | ${{ kind: "billing_day", day: 28 }} | ${"2026-10-28"} | ${"2026-11-27"}
  `("$date with $anchor.kind is in $start … $end", ({ date, anchor, start, end }) => {
    expect(periodContaining(date, anchor, 1)).toEqual({ start, end });
  });

  it("quarterly periods step three months from the anchor", () => {
    expect(periodContaining("2026-05-10", anniversary("2026-01-15"), 3)).toEqual({ start: "2026-04-15", end: "2026-07-14" });
  });

  it.each`
    case                                   | startDate       | billedThrough   | endDate         | mode          | anchor                             | billUpTo        | expected
    ${"prepaid, first month on its day"}   | ${"2026-11-05"} | ${null}         | ${null}         | ${"prepaid"}  | ${anniversary("2026-11-05")}       | ${"2026-11-05"} | ${[["2026-11-05", "2026-12-04", 30, 30, "2026-11-05"]]}
    ${"prepaid, not yet due"}              | ${"2026-11-05"} | ${"2026-12-04"} | ${null}         | ${"prepaid"}  | ${anniversary("2026-11-05")}       | ${"2026-12-04"} | ${[]}
    ${"prepaid catch-up of two months"}    | ${"2026-09-10"} | ${"2026-10-09"} | ${null}         | ${"prepaid"}  | ${anniversary("2026-09-10")}       | ${"2026-11-10"} | ${[["2026-10-10", "2026-11-09", 31, 31, "2026-10-10"], ["2026-11-10", "2026-12-09", 30, 30, "2026-11-10"]]}
    ${"billing day, mid-cycle activation"} | ${"2026-11-20"} | ${null}         | ${null}         | ${"prepaid"}  | ${{ kind: "billing_day", day: 1 }} | ${"2026-11-20"} | ${[["2026-11-20", "2026-11-30", 11, 30, "2026-11-20"]]}
    ${"postpaid bills after the period"}   | ${"2026-10-01"} | ${null}         | ${null}         | ${"postpaid"} | ${{ kind: "billing_day", day: 1 }} | ${"2026-11-01"} | ${[["2026-10-01", "2026-10-31", 31, 31, "2026-11-01"]]}
    ${"postpaid, period not over"}         | ${"2026-10-01"} | ${"2026-10-31"} | ${null}         | ${"postpaid"} | ${{ kind: "billing_day", day: 1 }} | ${"2026-11-30"} | ${[]}
    ${"termination mid-period, postpaid"}  | ${"2026-10-01"} | ${"2026-10-31"} | ${"2026-11-10"} | ${"postpaid"} | ${{ kind: "billing_day", day: 1 }} | ${"2026-11-30"} | ${[["2026-11-01", "2026-11-10", 10, 30, "2026-11-11"]]}
    ${"terminated and fully billed"}       | ${"2026-10-01"} | ${"2026-11-10"} | ${"2026-11-10"} | ${"postpaid"} | ${{ kind: "billing_day", day: 1 }} | ${"2026-12-31"} | ${[]}
    ${"leap February, anniversary"}        | ${"2028-01-31"} | ${"2028-02-28"} | ${null}         | ${"prepaid"}  | ${anniversary("2028-01-31")}       | ${"2028-02-29"} | ${[["2028-02-29", "2028-03-30", 31, 31, "2028-02-29"]]}
    ${"same-day start and end"}            | ${"2026-11-15"} | ${null}         | ${"2026-11-15"} | ${"prepaid"}  | ${{ kind: "billing_day", day: 1 }} | ${"2026-11-15"} | ${[["2026-11-15", "2026-11-15", 1, 30, "2026-11-15"]]}
  `("$case", ({ startDate, billedThrough, endDate, mode, anchor, billUpTo, expected }) => {
    const periods = periodsToBill({ startDate, billedThrough, endDate, mode, anchor, months: 1, billUpTo });
    expect(periods.map((p) => [p.start, p.end, p.days, p.periodDays, p.issueDate])).toEqual(expected);
  });

  it.each`
    price      | days  | periodDays | expected
    ${149_900} | ${11} | ${30}      | ${54_963}
    ${149_900} | ${30} | ${30}      | ${149_900}
    ${149_900} | ${1}  | ${28}      | ${5_354}
    ${149_900} | ${29} | ${29}      | ${149_900}
    ${99_900}  | ${15} | ${31}      | ${48_339}
    ${100}     | ${1}  | ${3}       | ${33}
    ${150}     | ${1}  | ${3}       | ${50}
    ${5}       | ${1}  | ${2}       | ${3}
  `("prorate ₱$price for $days of $periodDays days = $expected", ({ price, days, periodDays, expected }) => {
    expect(prorate(price, days, periodDays)).toBe(expected);
  });

  it.each`
    case                          | effective       | billedThrough   | credit    | charge     | days
    ${"upgrade halfway"}          | ${"2026-11-16"} | ${"2026-11-30"} | ${49_950} | ${74_950}  | ${15}
    ${"same-day as period start"} | ${"2026-11-01"} | ${"2026-11-30"} | ${99_900} | ${149_900} | ${30}
    ${"last day"}                 | ${"2026-11-30"} | ${"2026-11-30"} | ${3_330}  | ${4_997}   | ${1}
    ${"after what is billed"}     | ${"2026-12-01"} | ${"2026-11-30"} | ${0}      | ${0}       | ${0}
  `("plan change: $case", ({ effective, billedThrough, credit, charge, days }) => {
    const result = planChangeProration({
      oldPrice: 99_900,
      newPrice: 149_900,
      effective,
      billedThrough,
      anchor: { kind: "billing_day", day: 1 },
      months: 1,
    });
    expect(result).toMatchObject({ creditCentavos: credit, chargeCentavos: charge, days });
  });
});

describe("static IP add-on: the days of a period the address was held", () => {
  const zone = "Asia/Manila";
  const nov = { start: "2026-11-01", end: "2026-11-30", periodDays: 30, months: 1 };
  it.each`
    case                                                 | assignedAt                | releasedAt                | endDate         | days  | first           | last            | amount
    ${"held all month"}                                  | ${"2026-10-15T02:00:00Z"} | ${null}                   | ${null}         | ${30} | ${"2026-11-01"} | ${"2026-11-30"} | ${50_000}
    ${"given at 01:30 on Nov 20 in Manila (Nov 19 UTC)"} | ${"2026-11-19T17:30:00Z"} | ${null}                   | ${null}         | ${11} | ${"2026-11-20"} | ${"2026-11-30"} | ${18_333}
    ${"given back on Nov 20: held through the 19th"}     | ${"2026-10-15T02:00:00Z"} | ${"2026-11-20T02:00:00Z"} | ${null}         | ${19} | ${"2026-11-01"} | ${"2026-11-19"} | ${31_667}
    ${"given back with the service ending Nov 20"}       | ${"2026-10-15T02:00:00Z"} | ${"2026-11-20T02:00:00Z"} | ${"2026-11-20"} | ${20} | ${"2026-11-01"} | ${"2026-11-20"} | ${33_333}
    ${"given and given back the same day"}               | ${"2026-11-20T01:00:00Z"} | ${"2026-11-20T09:00:00Z"} | ${null}         | ${0}  | ${null}         | ${null}         | ${0}
    ${"given back before the period"}                    | ${"2026-10-01T02:00:00Z"} | ${"2026-10-20T02:00:00Z"} | ${null}         | ${0}  | ${null}         | ${null}         | ${0}
    ${"given after the period (before a postpaid run)"}  | ${"2026-12-01T01:00:00Z"} | ${null}                   | ${null}         | ${0}  | ${null}         | ${null}         | ${0}
  `("$case", ({ assignedAt, releasedAt, endDate, days, first, last, amount }) => {
    const holding = holdingOf({ assignedAt: new Date(assignedAt), releasedAt: releasedAt ? new Date(releasedAt) : null }, zone, endDate);
    const charge = addonCharge({ feeCentavos: 50_000 }, holding, nov);
    expect(charge ? [charge.days, charge.start, charge.end, charge.amountCentavos] : [0, null, null, 0]).toEqual([days, first, last, amount]);
  });

  it("leaves out the days held while the service was suspended", () => {
    const holding = holdingOf({ assignedAt: new Date("2026-11-19T17:30:00Z"), releasedAt: null }, zone, null);
    const charge = addonCharge({ feeCentavos: 50_000 }, holding, { ...nov, pauses: [{ from: "2026-11-25", until: "2026-11-28" }] });
    expect(charge).toEqual({ start: "2026-11-20", end: "2026-11-30", days: 8, paused: 3, amountCentavos: 13_333 });
  });

  it.each`
    holding                                          | start           | end             | expected
    ${{ from: "2026-11-20", through: null }}         | ${"2026-11-01"} | ${"2026-11-30"} | ${{ start: "2026-11-20", end: "2026-11-30" }}
    ${{ from: "2026-10-01", through: "2026-11-05" }} | ${"2026-11-01"} | ${"2026-11-30"} | ${{ start: "2026-11-01", end: "2026-11-05" }}
    ${{ from: "2026-11-10", through: "2026-11-09" }} | ${"2026-11-01"} | ${"2026-11-30"} | ${null}
    ${{ from: "2026-12-01", through: null }}         | ${"2026-11-01"} | ${"2026-11-30"} | ${null}
  `("heldWithin $holding.from … $holding.through", ({ holding, start, end, expected }) => {
    expect(heldWithin(holding, start, end)).toEqual(expected);
  });
});

const promo = (over: Partial<PromoCode> = {}): PromoCode => ({
  code: "FIBER50",
  kind: "percent",
  percentBps: 5000,
  amountCentavos: null,
  periods: 1,
  validFrom: "2026-11-01",
  validUntil: "2026-11-30",
  maxRedemptions: 100,
  redemptions: 0,
  oncePerCustomer: true,
  planIds: [],
  active: true,
  ...over,
});

describe("days of service: suspended days are not billed, used days are", () => {
  const nov = ["2026-11-01", "2026-11-30"] as const;
  it.each`
    case                                                               | pauses                                                                                        | paused | billed
    ${"no suspension"}                                                 | ${[]}                                                                                         | ${0}   | ${99_900}
    ${"suspended Nov 13, reactivated Nov 20 (the postpaid leak case)"} | ${[{ from: "2026-11-13", until: "2026-11-20" }]}                                              | ${7}   | ${76_590}
    ${"suspended Nov 11 and still suspended"}                          | ${[{ from: "2026-11-11", until: null }]}                                                      | ${20}  | ${33_300}
    ${"suspended and reactivated the same day"}                        | ${[{ from: "2026-11-13", until: "2026-11-13" }]}                                              | ${0}   | ${99_900}
    ${"suspended since October, back Nov 5"}                           | ${[{ from: "2026-10-20", until: "2026-11-05" }]}                                              | ${4}   | ${86_580}
    ${"two suspensions in the month"}                                  | ${[{ from: "2026-11-02", until: "2026-11-04" }, { from: "2026-11-28", until: "2026-12-03" }]} | ${5}   | ${83_250}
    ${"suspended the whole month"}                                     | ${[{ from: "2026-10-31", until: "2026-12-01" }]}                                              | ${30}  | ${0}
  `("$case", ({ pauses, paused, billed }) => {
    expect(pausedDays(pauses, ...nov)).toBe(paused);
    expect(prorate(99_900, 30 - paused, 30)).toBe(billed);
  });
});

describe("promo codes", () => {
  const base = { today: "2026-11-15", planId: "plan-a", customerRedemptions: 0 };
  it.each`
    case                       | over                                     | context                       | reason
    ${"valid"}                 | ${{}}                                    | ${{}}                         | ${null}
    ${"expired"}               | ${{}}                                    | ${{ today: "2026-12-01" }}    | ${"FIBER50 expired on 2026-11-30."}
    ${"not yet valid"}         | ${{}}                                    | ${{ today: "2026-10-31" }}    | ${"FIBER50 is valid from 2026-11-01."}
    ${"exhausted"}             | ${{ maxRedemptions: 3, redemptions: 3 }} | ${{}}                         | ${"FIBER50 has been used the most times allowed (3)."}
    ${"used by this customer"} | ${{}}                                    | ${{ customerRedemptions: 1 }} | ${"This customer has already used FIBER50."}
    ${"reusable"}              | ${{ oncePerCustomer: false }}            | ${{ customerRedemptions: 4 }} | ${null}
    ${"wrong plan"}            | ${{ planIds: ["plan-b"] }}               | ${{}}                         | ${"FIBER50 does not apply to this plan."}
    ${"right plan"}            | ${{ planIds: ["plan-a"] }}               | ${{}}                         | ${null}
    ${"turned off"}            | ${{ active: false }}                     | ${{}}                         | ${"FIBER50 is turned off."}
  `("$case", ({ over, context, reason }) => {
    const result = checkPromo(promo(over), { ...base, ...context });
    expect(result).toEqual(reason === null ? { ok: true } : { ok: false, reason });
  });

  it.each`
    kind             | percentBps | amountCentavos | charge     | discount
    ${"percent"}     | ${5000}    | ${null}        | ${149_900} | ${74_950}
    ${"percent"}     | ${3333}    | ${null}        | ${100}     | ${33}
    ${"fixed"}       | ${null}    | ${50_000}      | ${149_900} | ${50_000}
    ${"fixed"}       | ${null}    | ${50_000}      | ${20_000}  | ${20_000}
    ${"free_months"} | ${null}    | ${null}        | ${149_900} | ${149_900}
    ${"percent"}     | ${5000}    | ${null}        | ${0}       | ${0}
  `("$kind on ₱$charge takes off $discount", ({ kind, percentBps, amountCentavos, charge, discount }) => {
    expect(promoDiscount({ kind, percentBps, amountCentavos }, charge)).toBe(discount);
  });
});

describe("late fees", () => {
  const policy = (over: Partial<LateFeePolicy> = {}): LateFeePolicy => ({
    mode: "fixed",
    fixedCentavos: 10_000,
    bps: 0,
    capCentavos: null,
    graceDays: 3,
    recurrence: "once",
    ...over,
  });
  it.each`
    case                        | over                         | today           | count
    ${"within grace"}           | ${{}}                        | ${"2026-11-13"} | ${0}
    ${"first day after grace"}  | ${{}}                        | ${"2026-11-14"} | ${1}
    ${"once stays one"}         | ${{}}                        | ${"2027-02-01"} | ${1}
    ${"monthly: a month later"} | ${{ recurrence: "monthly" }} | ${"2026-12-14"} | ${2}
    ${"monthly: a day short"}   | ${{ recurrence: "monthly" }} | ${"2026-12-13"} | ${1}
    ${"no policy"}              | ${{ mode: "none" }}          | ${"2027-01-01"} | ${0}
  `("$case", ({ over, today, count }) => {
    expect(lateFeesDue(policy(over), { dueDate: "2026-11-10", today })).toBe(count);
  });

  it.each`
    case              | over                                                  | outstanding | feesSoFar | fee
    ${"fixed"}        | ${{}}                                                 | ${149_900}  | ${0}      | ${10_000}
    ${"percent"}      | ${{ mode: "percent", bps: 500 }}                      | ${149_900}  | ${0}      | ${7_495}
    ${"capped"}       | ${{ mode: "percent", bps: 500, capCentavos: 10_000 }} | ${149_900}  | ${5_000}  | ${5_000}
    ${"cap reached"}  | ${{ capCentavos: 10_000 }}                            | ${149_900}  | ${10_000} | ${0}
    ${"nothing owed"} | ${{}}                                                 | ${0}        | ${0}      | ${0}
  `("$case", ({ over, outstanding, feesSoFar, fee }) => {
    expect(lateFeeAmount(policy(over), { outstanding, feesSoFar })).toBe(fee);
  });

  // The cap is what the customer pays: the fee plus its VAT. `fee` is the line's priced amount, `pays` its total.
  const vatExclusive = { rateBps: 1200, inclusive: false, exempt: false };
  const vatInclusive = { rateBps: 1200, inclusive: true, exempt: false };
  const exempt = { rateBps: 0, inclusive: false, exempt: true };
  it.each`
    case                                            | over                                                 | tax             | outstanding | feesSoFar | fee      | pays
    ${"VAT-exclusive: 5% capped at ₱50"}            | ${{ mode: "percent", bps: 500, capCentavos: 5_000 }} | ${vatExclusive} | ${149_900}  | ${0}      | ${4_464} | ${5_000}
    ${"VAT-exclusive: under the cap with VAT"}      | ${{ mode: "percent", bps: 500, capCentavos: 5_000 }} | ${vatExclusive} | ${79_900}   | ${0}      | ${3_995} | ${4_474}
    ${"VAT-exclusive: ₱44.64 + VAT is exactly ₱50"} | ${{ fixedCentavos: 4_464, capCentavos: 5_000 }}      | ${vatExclusive} | ${149_900}  | ${0}      | ${4_464} | ${5_000}
    ${"VAT-exclusive: the rest of the cap"}         | ${{ fixedCentavos: 10_000, capCentavos: 15_000 }}    | ${vatExclusive} | ${149_900}  | ${11_200} | ${3_393} | ${3_800}
    ${"VAT-exclusive: cap reached"}                 | ${{ capCentavos: 11_200 }}                           | ${vatExclusive} | ${149_900}  | ${11_200} | ${0}     | ${0}
    ${"VAT-inclusive: 5% capped at ₱50"}            | ${{ mode: "percent", bps: 500, capCentavos: 5_000 }} | ${vatInclusive} | ${149_900}  | ${0}      | ${5_000} | ${5_000}
    ${"VAT-inclusive: the rest of the cap"}         | ${{ capCentavos: 15_000 }}                           | ${vatInclusive} | ${149_900}  | ${10_000} | ${5_000} | ${5_000}
    ${"exempt customer: 5% capped at ₱50"}          | ${{ mode: "percent", bps: 500, capCentavos: 5_000 }} | ${exempt}       | ${149_900}  | ${0}      | ${5_000} | ${5_000}
    ${"VAT-exclusive, no cap: VAT on top"}          | ${{ mode: "percent", bps: 500 }}                     | ${vatExclusive} | ${149_900}  | ${0}      | ${7_495} | ${8_394}
  `("$case", ({ over, tax, outstanding, feesSoFar, fee, pays }) => {
    const amount = lateFeeAmount(policy(over), { outstanding, feesSoFar, tax });
    expect(amount).toBe(fee);
    expect(applyTax({ amount, rateBps: tax.rateBps, inclusive: tax.inclusive, exempt: tax.exempt }).totalCentavos).toBe(pays);
  });
});

describe("dunning", () => {
  const policy = { reminderDaysBefore: 3, reminderDaysAfter: 2, suspendAfterDays: 5 };
  it.each`
    today           | steps
    ${"2026-11-06"} | ${[]}
    ${"2026-11-07"} | ${["reminder_before"]}
    ${"2026-11-10"} | ${["reminder_due"]}
    ${"2026-11-11"} | ${[]}
    ${"2026-11-12"} | ${["reminder_after"]}
    ${"2026-11-15"} | ${["suspend"]}
    ${"2026-12-01"} | ${["suspend"]}
  `("due 2026-11-10, on $today: $steps", ({ today, steps }) => {
    expect(dunningSteps(policy, { dueDate: "2026-11-10", today })).toEqual(steps);
  });
});

describe("where billing starts for a backdated subscription", () => {
  it.each`
    startDate       | anchor                                              | expected
    ${"2026-11-26"} | ${{ kind: "billing_day", day: 1 }}                  | ${null}
    ${"2026-11-02"} | ${{ kind: "billing_day", day: 1 }}                  | ${null}
    ${"2025-03-14"} | ${{ kind: "billing_day", day: 1 }}                  | ${"2026-10-31"}
    ${"2025-03-14"} | ${{ kind: "anniversary", startDate: "2025-03-14" }} | ${"2026-11-13"}
    ${"2026-11-27"} | ${{ kind: "billing_day", day: 1 }}                  | ${null}
  `("started $startDate → billed through $expected", ({ startDate, anchor, expected }) => {
    expect(initialBilledThrough({ startDate, today: "2026-11-26", anchor, months: 1 })).toBe(expected);
  });
});
