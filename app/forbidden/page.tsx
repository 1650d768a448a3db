import Link from "next/link";

export const metadata = { title: "Not allowed" };

export default function ForbiddenPage() {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-2xl font-semibold">You don&apos;t have access to this page</h1>
      <p className="text-muted-foreground">Your role does not include this. Ask your ISP&apos;s owner or an admin if you need it.</p>
      <Link href="/dashboard" className="text-primary underline">
        Back to the dashboard
      </Link>
    </main>
  );
}
