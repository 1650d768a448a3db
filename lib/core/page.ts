import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/core/errors";

/** For pages: a domain `not_found` becomes the 404 page (another tenant's record reveals nothing). */
export async function or404<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
