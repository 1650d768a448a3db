import Link from "next/link";
import { Button } from "@/components/ui/button";

/** "Newer" / "Older" links under a paginated list; a side without a page is left out. */
export function Pager({ newer, older }: { newer: string | null; older: string | null }) {
  if (!newer && !older) return null;
  return (
    <nav aria-label="Pages" className="mt-4 flex gap-2">
      {newer ? (
        <Button asChild variant="outline">
          <Link href={newer}>Newer</Link>
        </Button>
      ) : null}
      {older ? (
        <Button asChild variant="outline">
          <Link href={older}>Older</Link>
        </Button>
      ) : null}
    </nav>
  );
}
