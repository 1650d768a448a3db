export const metadata = { title: "Account suspended" };

export default function SuspendedPage() {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-2xl font-semibold">This ISP account is suspended</h1>
      <p className="text-muted-foreground">Your data is safe. Contact NetSphere support to restore access.</p>
    </main>
  );
}
