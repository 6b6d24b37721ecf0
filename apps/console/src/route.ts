import { useEffect, useState } from 'preact/hooks';

/** Hash routes (#/search?q=…): the service serves one page, and a link to an object survives a reload. */
export interface Route {
  readonly page: string;
  readonly params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  return { page: path || 'overview', params: new URLSearchParams(search) };
}

export function href(page: string, params: Record<string, string> = {}): string {
  const search = new URLSearchParams(params).toString();
  return `#/${page}${search ? `?${search}` : ''}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}
