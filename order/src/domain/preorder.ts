/** A pre-order request: being bought from the airline, bought, or declined (by us or the airline). */
export type PreorderStatus = 'buying' | 'bought' | 'declined';

/** Whether this delivery should buy: the request is new, or an interrupted purchase to retry. */
export const isToBuy = (status: PreorderStatus): boolean => status === 'buying';
