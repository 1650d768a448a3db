import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { getRouter } from "@/lib/routers/service";
import { or404 } from "@/lib/core/page";
import { PageHeader } from "@/components/shell/page-header";
import { RouterStatusBadge } from "@/components/routers/router-status";
import { RouterTabs } from "@/components/routers/router-tabs";

/** Every router page: name, status and address above the section tabs. */
export default async function RouterLayout({ children, params }: { children: React.ReactNode; params: Promise<{ routerId: string }> }) {
  const ctx = await requireStaffPage("routers:view");
  const router = await or404(getRouter(ctx.db, { tenantId: ctx.tenantId, routerId: (await params).routerId }));
  const port = router.transport === "rest" ? router.restPort : router.apiPort;
  return (
    <>
      <div className="print:hidden">
        <p className="mb-2 text-sm">
          <Link href="/routers" className="text-primary underline-offset-4 hover:underline">
            ← All routers
          </Link>
        </p>
        <PageHeader
          title={router.name}
          description={
            <span className="flex flex-wrap items-center gap-2">
              <RouterStatusBadge status={router.status} />
              <span className="font-mono">
                {router.host}:{port}
              </span>
              {router.siteName ? <span>· {router.siteName}</span> : null}
            </span>
          }
        />
      </div>
      <RouterTabs routerId={router.id} />
      <div className="mt-5">{children}</div>
    </>
  );
}
