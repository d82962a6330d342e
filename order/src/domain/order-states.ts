import { inFlightStatuses, type OrderStatus } from './order';

export { inFlightStatuses };

/** States the worker may take (`reserve`). */
export const claimableStatuses: readonly OrderStatus[] = ['pending'];
/** States waiting on a charge that `confirm` or `fail` settles. */
export const awaitingChargeStatuses: readonly OrderStatus[] = ['processing', 'paying'];
/** States waiting on a charge's answer: `confirm`/`fail`, or `complete-change` for a change's charge. */
export const chargeAnswerStatuses: readonly OrderStatus[] = ['processing', 'paying', 'changing'];
/** The state in which the worker (not a payment resume) sends an order's charge. */
export const workerChargeStatuses: readonly OrderStatus[] = ['processing'];
/** In-flight states whose pending charge only a payment resume (not the worker) settles. */
export const paymentResumeStatuses: readonly OrderStatus[] = ['paying', 'changing'];
/** States whose seats count in inventory's `held` (a hold not paid yet). */
export const heldSeatStatuses: readonly OrderStatus[] = ['held', 'paying'];
/** States that lapse at `paymentRequiredBy` (`expire`). */
export const expirableStatuses: readonly OrderStatus[] = ['held'];
/** States from which `cancel` and `change` are accepted. */
export const activeStatuses: readonly OrderStatus[] = ['held', 'confirmed', 'oversold'];
/** States an order never leaves; every item of such an order is released or replaced. */
export const finalStatuses: readonly OrderStatus[] = ['failed', 'expired', 'cancelled'];

const paymentResume = new Set(paymentResumeStatuses);
const heldSeats = new Set(heldSeatStatuses);
const awaitingCharge = new Set(awaitingChargeStatuses);
const workerCharge = new Set(workerChargeStatuses);
const active = new Set(activeStatuses);
const expirable = new Set(expirableStatuses);

/** Whether a stale in-flight order is resumed by the sweeper's payment resume rather than by the worker. */
export const isResumedByPayment = (status: OrderStatus): boolean => paymentResume.has(status);
export const hasHeldSeats = (status: OrderStatus): boolean => heldSeats.has(status);
export const isAwaitingCharge = (status: OrderStatus): boolean => awaitingCharge.has(status);
/** Whether an order not claimed by this delivery still waits for the worker's charge (a crash between the two). */
export const isAwaitingWorkerCharge = (status: OrderStatus): boolean => workerCharge.has(status);
export const isExpirable = (status: OrderStatus): boolean => expirable.has(status);
export const isActive = (status: OrderStatus): boolean => active.has(status);
