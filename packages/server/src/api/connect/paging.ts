import { ApiError } from '../../http/errors.ts';

/**
 * One page of a list, Connect style: MaxResults (1–`limit`, `limit` when absent) and an opaque NextToken
 * (here the offset of the next item) that the previous page returned. A bad MaxResults or a NextToken no
 * page returned is InvalidParameterException.
 */
export function pageOf<T>(all: readonly T[], maxResults: string | number | null | undefined, nextToken: string | null | undefined, limit: number): { items: T[]; nextToken?: string } {
  const max = maxResults === null || maxResults === undefined ? limit : Number(maxResults);
  if (!Number.isInteger(max) || max < 1 || max > limit) throw new ApiError(400, 'InvalidParameterException', `MaxResults must be 1–${limit}`);
  const token = nextToken ?? '0';
  const start = /^\d{1,9}$/.test(token) ? Number(token) : NaN;
  if (!Number.isInteger(start) || start > all.length) throw new ApiError(400, 'InvalidParameterException', 'NextToken is not valid');
  return { items: all.slice(start, start + max), ...(start + max < all.length ? { nextToken: String(start + max) } : {}) };
}
