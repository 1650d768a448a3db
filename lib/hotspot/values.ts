/** Hotspot voucher limits without zod, for client components; rules.ts builds its schemas from them and re-exports them. */
export const MAX_VOUCHERS_PER_BATCH = 1000;
