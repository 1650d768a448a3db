import type { ComponentProps } from "react";
import { cn } from "@/lib/core/cn";
import { inputClassName, labelClassName, selectClassName, textareaClassName } from "@/components/ui/classes";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(inputClassName, className)} {...props} />;
}

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea className={cn(textareaClassName, className)} {...props} />;
}

export function NativeSelect({ className, ...props }: ComponentProps<"select">) {
  return <select className={cn(selectClassName, className)} {...props} />;
}

export function Label({ className, ...props }: ComponentProps<"label">) {
  return <label className={cn(labelClassName, className)} {...props} />;
}
