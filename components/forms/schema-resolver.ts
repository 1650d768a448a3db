"use client";
import "@/lib/core/zod-browser";
import { zodResolver } from "@hookform/resolvers/zod";
import type { Resolver } from "react-hook-form";
import type { z } from "zod";

/** The form's zod resolver; loaded by useActionForm when the browser is idle or at the first check, not with the page. */
export const resolverFor = (schema: z.ZodType) => zodResolver(schema as never) as unknown as Resolver;
