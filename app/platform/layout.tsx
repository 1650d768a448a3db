import Link from "next/link";
import { requirePlatformOperator } from "@/lib/auth/session";
import { Logo } from "@/components/shell/logo";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { SignOutButton } from "@/components/platform/sign-out-button";

export default async function PlatformLayout({ children }: { children: React.ReactNode }) {
  const { user } = await requirePlatformOperator();
  return (
    <div className="min-h-dvh">
      <header className="flex h-14 items-center gap-3 border-b bg-card px-4">
        <Link href="/platform" className="rounded">
          <Logo />
        </Link>
        <span className="text-sm text-muted-foreground">Operator</span>
        <div className="ml-auto flex items-center gap-1">
          <span className="hidden text-sm sm:inline">{user.name}</span>
          <ThemeToggle />
          <SignOutButton />
        </div>
      </header>
      <main id="main" className="p-3 sm:p-6">
        {children}
      </main>
    </div>
  );
}
