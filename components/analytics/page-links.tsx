import Link from "next/link";
import { Button } from "@/components/ui/button";

/** "Previous" / "Next" page links under a ranked list; a side without a page is left out. */
export function PageLinks({ previous, next }: { previous: string | null; next: string | null }) {
  if (!previous && !next) return null;
  return (
    <nav aria-label="Pages" className="mt-4 flex gap-2">
      {previous ? (
        <Button asChild variant="outline">
          <Link href={previous}>Previous page</Link>
        </Button>
      ) : null}
      {next ? (
        <Button asChild variant="outline">
          <Link href={next}>Next page</Link>
        </Button>
      ) : null}
    </nav>
  );
}
