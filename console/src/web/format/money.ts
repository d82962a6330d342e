import type { Money } from '../api/types';

/** `129.90 USD`: amounts are exact decimal strings from the APIs and shown as given. */
export const formatMoney = (money: Money) => `${money.amount} ${money.currency}`;

export const formatAmount = (amount: string | undefined, currency: string | undefined) =>
  amount === undefined ? '—' : `${amount} ${currency ?? ''}`.trim();

export const formatPercent = (share: number | null | undefined) =>
  share === null || share === undefined ? '—' : `${Math.round(share * 100)} %`;
