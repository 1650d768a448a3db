"use client";
import { useRouter } from "next/navigation";
import { LogOut } from "lucide-react";
import { signOutStaff } from "@/lib/auth/sign-out";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const router = useRouter();
  return (
    <Button
      variant="ghost"
      size="icon"
      aria-label="Sign out"
      title="Sign out"
      onClick={async () => {
        await signOutStaff();
        router.push("/sign-in");
        router.refresh();
      }}
    >
      <LogOut />
    </Button>
  );
}
