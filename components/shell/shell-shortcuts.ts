"use client";
import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import type { NavItem } from "@/components/shell/nav-items";

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

/** Ctrl/⌘+K opens or closes the command palette; "g" then a letter jumps straight to a section (g c → customers). */
export function useShellShortcuts({ items, open, onOpenChange }: { items: NavItem[]; open: boolean; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  const pendingG = useRef(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
        event.preventDefault();
        onOpenChange(!open);
        return;
      }
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (pendingG.current) {
        pendingG.current = false;
        const target = items.find((i) => i.shortcut === `g ${event.key.toLowerCase()}`);
        if (target) {
          event.preventDefault();
          router.push(target.href);
        }
        return;
      }
      if (event.key === "g") {
        pendingG.current = true;
        setTimeout(() => (pendingG.current = false), 1200);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items, open, onOpenChange, router]);
}
