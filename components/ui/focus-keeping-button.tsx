"use client";
import { useState, type ComponentProps } from "react";

/**
 * A button that becomes disabled while it has focus (it started some work: "Saving…", "Testing…") stays
 * focusable with `aria-disabled` instead of `disabled`: a natively disabled button drops focus to `<body>`, and a
 * keyboard user would have to start again from the top of the page. Clicks and Enter do nothing meanwhile.
 */
export function FocusKeepingButton({ disabled, onClick, onFocus, onBlur, ...props }: ComponentProps<"button">) {
  const [hasFocus, setHasFocus] = useState(false);
  const keepsFocus = Boolean(disabled) && hasFocus;
  return (
    <button
      {...props}
      disabled={disabled && !keepsFocus}
      aria-disabled={keepsFocus || props["aria-disabled"]}
      onClick={(event) => {
        // Also stops the form submission that Enter in a field triggers through this button.
        if (keepsFocus) return event.preventDefault();
        onClick?.(event);
      }}
      onFocus={(event) => {
        setHasFocus(true);
        onFocus?.(event);
      }}
      onBlur={(event) => {
        setHasFocus(false);
        onBlur?.(event);
      }}
    />
  );
}
