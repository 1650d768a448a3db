import { RegisterServiceWorker } from "@/components/field/register-service-worker";

export default function FieldLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <RegisterServiceWorker />
      {children}
    </>
  );
}
