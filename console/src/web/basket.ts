import { useCallback, useState } from 'preact/hooks';

import type { Offer } from './api/types';

/** Offers picked on the Search page for the order being built on the Agent desk (kept for this tab). */
const KEY = 'fareflow.basket';

function readBasket(): Offer[] {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(stored) ? (stored as Offer[]) : [];
  } catch {
    return [];
  }
}

export interface Basket {
  offers: Offer[];
  add(offer: Offer): void;
  remove(offerId: string): void;
  clear(): void;
}

export function useBasket(): Basket {
  const [offers, setOffers] = useState<Offer[]>(readBasket);
  const update = useCallback((next: (current: Offer[]) => Offer[]) => {
    setOffers((current) => {
      const updated = next(current);
      sessionStorage.setItem(KEY, JSON.stringify(updated));
      return updated;
    });
  }, []);
  return {
    offers,
    add: (offer) =>
      update((current) => [
        ...current.filter((other) => other.flightId !== offer.flightId || other.cabin !== offer.cabin),
        offer,
      ]),
    remove: (offerId) => update((current) => current.filter((offer) => offer.offerId !== offerId)),
    clear: () => update(() => []),
  };
}
