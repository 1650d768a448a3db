"use client";
import { useRef } from "react";

/** The page's own heading (or `<main>`): where focus goes when the control that had it is gone. */
export function focusMain() {
  const main = document.getElementById("main");
  const heading = main?.querySelector<HTMLElement>("h1");
  if (heading && !heading.hasAttribute("tabindex")) heading.tabIndex = -1;
  (heading ?? main)?.focus({ preventScroll: true });
}

function isFocusable(element: Element | null): element is HTMLElement {
  return element instanceof HTMLElement && element.isConnected && element !== document.body && !element.hasAttribute("disabled");
}

/**
 * Focuses `target`, and for a few seconds puts focus back when a refresh of the page removes what had it:
 * a control marked `data-focus-key` is found again by its key (Suspend turning into Reactivate keeps the key),
 * anything else hands focus to the page's heading. Keyboard users never land on `<body>`.
 */
export function keepFocusOn(target: Element | null | undefined) {
  const key = target instanceof HTMLElement ? target.dataset.focusKey : undefined;
  const rescue = () => {
    const again = key ? document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`) : null;
    if (isFocusable(again)) again.focus({ preventScroll: true });
    else focusMain();
  };
  if (isFocusable(target ?? null)) (target as HTMLElement).focus({ preventScroll: true });
  else rescue();
  let ticks = 0;
  const timer = window.setInterval(() => {
    if (document.activeElement === document.body || document.activeElement === null) rescue();
    if (++ticks >= 20) window.clearInterval(timer);
  }, 150);
}

/**
 * Radix gives focus back to a dialog's `Trigger` only; a dialog opened from state (a menu item, a row button,
 * a shortcut) would leave focus on `<body>`. These handlers for a dialog's content remember the element that had
 * focus as the dialog opened (Radix calls `onOpenAutoFocus` before it moves focus inside) and hand focus back to
 * it, or to `returnTo()`, on close.
 */
export function useReturnFocus(returnTo?: () => Element | null | undefined) {
  const opener = useRef<Element | null>(null);
  return {
    onOpenAutoFocus: () => {
      opener.current = document.activeElement;
    },
    onCloseAutoFocus: (event: Event) => {
      if (event.defaultPrevented) return;
      event.preventDefault();
      keepFocusOn(returnTo?.() ?? opener.current);
    },
  };
}
