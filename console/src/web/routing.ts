import { useEffect, useState } from 'preact/hooks';

export const pages = [
  { id: 'search', title: 'Search' },
  { id: 'route', title: 'Route' },
  { id: 'destinations', title: 'Destinations' },
  { id: 'desk', title: 'Agent desk' },
  { id: 'operations', title: 'Operations' },
] as const;
export type PageId = (typeof pages)[number]['id'];

export interface Route {
  page: PageId;
  params: URLSearchParams;
}

/** `#/route?origin=JFK&...` -> the page and its parameters; anything else is the Search page. */
export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const page = pages.find((candidate) => candidate.id === path)?.id ?? 'search';
  return { page, params: new URLSearchParams(query) };
}

export function hrefOf(page: PageId, params: Record<string, string> = {}): string {
  const query = new URLSearchParams(params).toString();
  return `#/${page}${query ? `?${query}` : ''}`;
}

export function navigate(page: PageId, params: Record<string, string> = {}): void {
  window.location.hash = hrefOf(page, params);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
