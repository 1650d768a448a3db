import Link from "next/link";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { Logo } from "@/components/shell/logo";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex items-center justify-between p-4">
        <Link href="/" className="rounded">
          <Logo />
        </Link>
        <ThemeToggle />
      </header>
      <main id="main" className="flex flex-1 items-start justify-center px-4 pb-12 pt-4 sm:pt-12">
        <div className="w-full max-w-lg">{children}</div>
      </main>
    </div>
  );
}
