import Link from "next/link";
import { FocusPageOnNavigation } from "@/components/shell/use-focus-page-on-navigation";
import type { NavItem } from "@/components/shell/nav-items";
import { FieldIcon, SectionIcon } from "./icons";
import { phoneLinkClass, phoneSections, sectionLinkClass, ShellFrame, type ShellProps } from "@/components/shell/shell-frame";

/** Every page under this shell is a /field page, so "My jobs" is always the current section. */
const isCurrent = (item: NavItem) => item.href === "/field";

const sectionLink = (item: NavItem) => (
  <Link key={item.href} href={item.href} aria-current={isCurrent(item) ? "page" : undefined} className={sectionLinkClass(isCurrent(item))}>
    <SectionIcon name={item.icon} />
    {item.label}
  </Link>
);

/**
 * The staff shell of the technician's pages, as the staff pages draw it (sidebar, header, the phone's bottom bar and
 * its "More" sheet) but rendered on the server: a phone on mobile data downloads only the sign-out button, the sheet's
 * open button and the focus move after a navigation. The command palette and the g-shortcuts stay on the staff pages.
 */
export function FieldShell({ items, user, tenantName, logoDataUrl, children }: ShellProps) {
  return (
    <>
      <FocusPageOnNavigation />
      <ShellFrame
        tenantName={tenantName}
        logoDataUrl={logoDataUrl}
        user={user}
        sections={items.map(sectionLink)}
        phoneSectionLinks={phoneSections(items).map((item) => (
          <Link key={item.href} href={item.href} aria-current={isCurrent(item) ? "page" : undefined} className={phoneLinkClass(isCurrent(item))}>
            <SectionIcon name={item.icon} className="size-5" />
            {item.label}
          </Link>
        ))}
        icons={{
          account: <FieldIcon name="user-round" />,
          signOut: <FieldIcon name="log-out" />,
          more: <FieldIcon name="menu" className="size-5" />,
        }}
      >
        {children}
      </ShellFrame>
    </>
  );
}
