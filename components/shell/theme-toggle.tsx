"use client";
import { useTheme } from "next-themes";
import { Moon, Sun } from "lucide-react";
import { buttonVariants } from "@/components/ui/classes";

/**
 * Both icons render on the server; CSS shows the right one, so hydration always matches. A plain button with
 * Button's classes: it is on every page, the portal's too, and needs neither tailwind-merge nor a busy state.
 */
export function ThemeToggle() {
  const { resolvedTheme, setTheme } = useTheme();
  return (
    <button
      type="button"
      className={buttonVariants({ variant: "ghost", size: "icon" })}
      onClick={() => setTheme(resolvedTheme === "light" ? "dark" : "light")}
      aria-label="Toggle light and dark mode"
      title="Light or dark mode"
    >
      <Sun className="hidden dark:block" />
      <Moon className="dark:hidden" />
    </button>
  );
}
