export default function NotFound() {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-muted-foreground">This page or record does not exist, or you do not have access to it.</p>
      {/* A plain link: next/link here puts a second copy of the link code (3 kB gzipped) in every page's first load. */}
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full page load from a missing page is fine */}
      <a href="/" className="text-primary underline">
        Go home
      </a>
    </main>
  );
}
