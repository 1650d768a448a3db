/** A form's message above its fields: an error (announced) or a confirmation. */
export function FormAlert({ tone, children }: { tone: "error" | "success"; children: React.ReactNode }) {
  return (
    <p
      role={tone === "error" ? "alert" : "status"}
      className={
        tone === "error"
          ? "rounded-md border border-danger/50 px-3 py-2 text-sm text-danger"
          : "rounded-md border border-success/50 px-3 py-2 text-sm"
      }
    >
      {children}
    </p>
  );
}
