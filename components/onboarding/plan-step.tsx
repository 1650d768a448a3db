"use client";
import { PlanForm } from "@/components/plans/plan-form";

export function PlanStep() {
  return <PlanForm onSaved={() => undefined} />;
}
