const notices = {
  cancelled: { tone: "border-border", text: "Payment cancelled. Nothing was charged; you can try again below." },
  failed: { tone: "border-danger/50", text: "The payment could not be completed. Nothing was charged; try again or choose another way to pay." },
} as const;

/** What happened on the gateway, said in one sentence above the buttons. */
export function PayNotice({ kind }: { kind: keyof typeof notices }) {
  return (
    <p role="status" className={`rounded-md border p-3 text-sm ${notices[kind].tone}`}>
      {notices[kind].text}
    </p>
  );
}
