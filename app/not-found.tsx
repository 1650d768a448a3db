import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-muted-foreground">This page or record does not exist, or you do not have access to it.</p>
      <Link href="/" className="text-primary underline">
        Go home
      </Link>
    </main>
  );
}
